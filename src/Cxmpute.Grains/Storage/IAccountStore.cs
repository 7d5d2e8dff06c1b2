namespace Cxmpute.Grains.Storage;

/// <summary>
/// Account snapshots and their sealed ledger pages. Implementations commit the writes of many accounts together
/// (group commit), so that the number of storage operations stays well below the number of credits.
/// </summary>
public interface IAccountStore
{
    Task<StoredBlob?> ReadAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the pages, then the snapshot, conditionally on <paramref name="expectedETag"/> (null: the account must not
    /// exist yet). Returns the new tag. Throws <see cref="StorageConflictException"/> when the condition fails.
    /// </summary>
    Task<string> WriteAsync(string accountId, byte[] snapshot, string? expectedETag, IReadOnlyList<LedgerPageWrite> pages, CancellationToken cancellationToken = default);

    Task<byte[]?> ReadLedgerPageAsync(string accountId, int index, CancellationToken cancellationToken = default);
}
