namespace Cxmpute.Grains.Storage;

/// <summary>Pages of the award and referral journals: the write-ahead log of every acknowledged operation.</summary>
public interface IJournalStore
{
    /// <summary>Every page of a journal, oldest first, without the entries.</summary>
    Task<IReadOnlyList<JournalPageInfo>> ListPagesAsync(string journalId, CancellationToken cancellationToken = default);

    Task<StoredJournalPage?> ReadPageAsync(string journalId, long pageNo, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a page conditionally on <paramref name="expectedETag"/> (null: the page must not exist yet) and returns the
    /// new tag. Throws <see cref="StorageConflictException"/> when the condition fails.
    /// </summary>
    Task<string> WritePageAsync(string journalId, JournalPageInfo info, byte[] data, string? expectedETag, CancellationToken cancellationToken = default);
}
