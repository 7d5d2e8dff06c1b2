using Cxmpute.Abstractions;
using Cxmpute.Grains.Journal;
using Orleans.Concurrency;

namespace Cxmpute.Grains.Accounts;

/// <summary>The ledger's side of an account: journals deliver effects and ask for durability. Not for the front end.</summary>
[Alias("cx.ILedgerAccountGrain")]
public interface ILedgerAccountGrain : IAccountGrain
{
    /// <summary>Applies one journal commit's effects unless that commit (or a later one of that journal) was applied already.</summary>
    [Alias("Apply")]
    Task ApplyAsync(EffectBatch batch);

    /// <summary>
    /// Returns once everything this account received from the journal up to <paramref name="seq"/> is durable, with the
    /// last commit of that journal that is: often later than <paramref name="seq"/>, since a write persists everything
    /// the account has applied, and a write made for another journal may already have covered it.
    /// </summary>
    [AlwaysInterleave, Alias("Flush")]
    Task<long> FlushAsync(string journalId, long seq);

    [ReadOnly, Alias("GetLinks")]
    Task<AccountLinks> GetLinksAsync();
}
