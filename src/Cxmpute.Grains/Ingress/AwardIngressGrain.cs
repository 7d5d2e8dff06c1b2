using Cxmpute.Abstractions;
using Cxmpute.Grains.Journal;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Cxmpute.Grains.Ingress;

/// <summary>
/// Routes each award to the journal owning its id and gathers the outcomes in submission order. A journal that does not
/// answer in time makes its awards 503 <c>unavailable</c>: they may still be committed, once, and a retry finds them.
/// </summary>
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
                // Bounded below the callers' response timeout: a journal still activating (loading its pages) holds the
                // message before its own SubmitTimeout starts, and the caller must get an answer (503, retry is safe).
                results = await GrainFactory.Grain<IAwardJournalGrain>(group.Key).SubmitAsync([.. items.Select(x => x.award)])
                    .WaitAsync(options.Value.SubmitTimeout + TimeSpan.FromSeconds(5));
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
