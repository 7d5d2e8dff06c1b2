using Cxmpute.Grains.Journal;

namespace Cxmpute.Audit.Sources;

/// <summary>The stored side of a deployment: its journals and the accounts that have snapshots.</summary>
public interface ILedgerSource
{
    IReadOnlyList<string> AwardJournalIds { get; }

    IReadOnlyList<string> ReferralJournalIds { get; }

    /// <summary>Every entry of a journal, in commit order.</summary>
    IAsyncEnumerable<JournalEntry> EntriesAsync(string journalId, CancellationToken cancellationToken);

    /// <summary>Every account with a persisted snapshot.</summary>
    IAsyncEnumerable<string> AccountIdsAsync(CancellationToken cancellationToken);

    /// <summary>The last commit sequence of a journal, from its page index only (cheap): to tell whether it moved during the audit.</summary>
    Task<long> LastSeqAsync(string journalId, CancellationToken cancellationToken);
}
