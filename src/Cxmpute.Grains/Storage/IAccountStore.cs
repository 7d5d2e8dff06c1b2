namespace Cxmpute.Grains.Storage;

/// <summary>
/// Account snapshots. Implementations commit the writes of many accounts together (group commit), so that the number of
/// storage operations stays well below the number of credits. Sealed ledger pages are in ledger segments
/// (<see cref="Ledger.ILedgerPageStore"/>); only pages sealed in the first snapshot format are here.
/// </summary>
public interface IAccountStore
{
    Task<StoredBlob?> ReadAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the snapshot, conditionally on <paramref name="expectedETag"/> (null: the account must not exist yet).
    /// Returns the new tag. Throws <see cref="StorageConflictException"/> when the condition fails.
    /// </summary>
    Task<string> WriteAsync(string accountId, byte[] snapshot, string? expectedETag, CancellationToken cancellationToken = default);

    /// <summary>A page sealed in snapshot format 1, when each page was a row of its own (null when there is none).</summary>
    Task<byte[]?> ReadLegacyPageAsync(string accountId, int index, CancellationToken cancellationToken = default);
}
