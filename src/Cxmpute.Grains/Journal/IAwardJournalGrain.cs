using Cxmpute.Abstractions;
using Orleans.Concurrency;

namespace Cxmpute.Grains.Journal;

/// <summary>One of the award journals (key = partition). Owns the awards whose id hashes to it.</summary>
[Alias("cx.IAwardJournalGrain")]
public interface IAwardJournalGrain : IGrainWithIntegerKey
{
    [Alias("Submit")]
    Task<IReadOnlyList<AwardOutcome>> SubmitAsync(IReadOnlyList<AwardRequest> awards);

    /// <summary>Commits after <paramref name="after"/> that touched the account and are not yet checkpointed.</summary>
    [AlwaysInterleave, Alias("GetPending")]
    Task<IReadOnlyList<EffectBatch>> GetPendingAsync(string accountId, long after);

    /// <summary>Activates the journal (which replays what was not yet delivered) and waits for that replay.</summary>
    [AlwaysInterleave, Alias("Ping")]
    Task PingAsync();

    /// <summary>The silo is stopping: take no more awards, finish the ones taken, have every account persist, write the watermark.</summary>
    [AlwaysInterleave, Alias("Drain")]
    Task DrainAsync();
}
