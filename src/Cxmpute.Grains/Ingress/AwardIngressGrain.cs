using Cxmpute.Abstractions;
using Cxmpute.Grains.Journal;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Cxmpute.Grains.Ingress;

/// <summary>Routes each award to the journal owning its id and gathers the outcomes in submission order.</summary>
[StatelessWorker, Reentrant]
public sealed class AwardIngressGrain(IOptions<LedgerOptions> options) : Grain, IAwardIngressGrain
{
    public async Task<IReadOnlyList<AwardOutcome>> SubmitAsync(IReadOnlyList<AwardRequest> awards)
    {
        var partitions = options.Value.AwardJournals;
        var outcomes = new AwardOutcome[awards.Count];
        var groups = awards
            .Select((award, index) => (award, index))
            .GroupBy(x => JournalRouting.PartitionOf(x.award.AwardId ?? string.Empty, partitions));
        await Task.WhenAll(groups.Select(async group =>
        {
            var items = group.ToList();
            IReadOnlyList<AwardOutcome> results;
            try
            {
                results = await GrainFactory.GetGrain<IAwardJournalGrain>(group.Key).SubmitAsync([.. items.Select(x => x.award)]);
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException or OperationCanceledException)
            {
                var unavailable = AwardOutcome.Fail(ErrorCodes.Unavailable, "the ledger did not answer in time; retry with the same awardId");
                results = [.. items.Select(_ => unavailable)];
            }

            for (var i = 0; i < items.Count; i++)
            {
                outcomes[items[i].index] = results[i];
            }
        }));
        return outcomes;
    }
}
