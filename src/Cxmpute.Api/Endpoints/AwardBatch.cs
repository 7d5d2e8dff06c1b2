using System.Text.Json;
using Cxmpute.Abstractions;
using Cxmpute.Api.Problems;
using Cxmpute.Api.Responses;
using Cxmpute.Api.Security;
using Cxmpute.Api.Validation;

namespace Cxmpute.Api.Endpoints;

/// <summary>
/// A batch being answered: items that failed validation already hold their 400, the valid ones go to the ledger in one
/// submission, and their outcomes are merged back by index.
/// </summary>
public sealed class AwardBatch
{
    private static readonly HashSet<string> Known = ["awards"];
    private readonly AwardBatchItem?[] items;
    private readonly List<int> validIndexes = [];
    private readonly List<AwardRequest> valid = [];

    private AwardBatch(int count) => items = new AwardBatchItem?[count];

    public IReadOnlyList<AwardRequest> Valid => valid;

    /// <summary>Reads <c>{"awards": [...]}</c>; null (with errors) when the envelope itself is bad.</summary>
    public static AwardBatch? Read(JsonElement root, DateTimeOffset now, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var fields = JsonFields.Read(root, Known, errors, "body");
        if (fields is null)
        {
            return null;
        }

        if (!fields.TryGet("awards", out var awards) || awards.ValueKind != JsonValueKind.Array)
        {
            errors.Add("awards", "Required: an array of at most 1000 awards.");
            return null;
        }

        var count = awards.GetArrayLength();
        if (count > ApiLimitsOptions.MaxBatchAwards)
        {
            errors.Add("awards", $"At most {ApiLimitsOptions.MaxBatchAwards} awards per batch; got {count}.");
        }

        if (errors.Any)
        {
            return null;
        }

        var batch = new AwardBatch(count);
        var index = 0;
        foreach (var element in awards.EnumerateArray())
        {
            var itemErrors = new FieldErrors();
            var award = AwardValidator.Validate(element, now, itemErrors, $"awards[{index}]");
            if (award is null)
            {
                batch.items[index] = AwardBatchItem.Failed(index, ApiProblems.ValidationBody(itemErrors));
            }
            else
            {
                batch.validIndexes.Add(index);
                batch.valid.Add(award);
            }

            index++;
        }

        return batch;
    }

    /// <summary>Places the ledger's outcomes (in the order of <see cref="Valid"/>) at their items' indexes.</summary>
    public void Merge(IReadOnlyList<AwardOutcome> outcomes, Func<AwardOutcome, AwardBatchItem> toItem)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(toItem);
        if (outcomes.Count != valid.Count)
        {
            throw new InvalidOperationException($"The ledger answered {outcomes.Count} outcomes for {valid.Count} awards.");
        }

        for (var i = 0; i < outcomes.Count; i++)
        {
            var index = validIndexes[i];
            items[index] = toItem(outcomes[i]) with { Index = index };
        }
    }

    public IReadOnlyList<AwardBatchItem> Results() =>
        [.. items.Select((item, index) => item ?? throw new InvalidOperationException($"Award {index} has no outcome."))];
}
