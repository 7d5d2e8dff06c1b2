using Cxmpute.Abstractions;
using Cxmpute.Grains.Journal;
using Orleans.Concurrency;

namespace Cxmpute.Grains.Referrals;

/// <summary>The ledger's side of a referral graph: chains for pricing awards, and its journal for recovering accounts.</summary>
[Alias("cx.IReferralJournalGrain")]
public interface IReferralJournalGrain : IReferralGrain
{
    /// <summary>For each account, its referrer, that one's referrer and the next (as far as they exist), in that order.</summary>
    [AlwaysInterleave, Alias("GetChains")]
    Task<IReadOnlyList<IReadOnlyList<string>>> GetChainsAsync(IReadOnlyList<string> accountIds);

    /// <summary>
    /// The chains that are known within <paramref name="wait"/>, null for the others: an account on the way to them is
    /// still loading from storage. Those loads go on, and a later call finds them cached.
    /// </summary>
    [AlwaysInterleave, Alias("GetChainsWithin")]
    Task<IReadOnlyList<IReadOnlyList<string>?>> GetChainsAsync(IReadOnlyList<string> accountIds, TimeSpan wait);

    [AlwaysInterleave, Alias("GetPending")]
    Task<IReadOnlyList<EffectBatch>> GetPendingAsync(string accountId, long after);

    [AlwaysInterleave, Alias("Ping")]
    Task PingAsync();

    /// <summary>The silo is stopping: take no more applies, finish the ones taken, have every account persist, write the watermark.</summary>
    [AlwaysInterleave, Alias("Drain")]
    Task DrainAsync();
}
