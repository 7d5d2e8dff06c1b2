using System.Collections.Concurrent;

namespace Cxmpute.Grains.Storage;

/// <summary>Account store kept in process memory: for tests and demos, not durable.</summary>
public sealed class MemoryAccountStore(StorageFaults faults) : IAccountStore
{
    private readonly ConcurrentDictionary<string, StoredBlob> _snapshots = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _version;

    public async Task<StoredBlob?> ReadAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await faults.OnAccountReadAsync(accountId, cancellationToken);
        return _snapshots.TryGetValue(accountId, out var blob) ? blob : null;
    }

    public Task<string> WriteAsync(string accountId, byte[] snapshot, string? expectedETag, CancellationToken cancellationToken = default)
    {
        faults.OnAccountWrite(accountId);
        lock (_gate)
        {
            _snapshots.TryGetValue(accountId, out var current);
            if (current?.ETag != expectedETag)
            {
                throw new StorageConflictException($"account {accountId}: expected version {expectedETag ?? "(none)"}, found {current?.ETag ?? "(none)"}");
            }

            var etag = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _snapshots[accountId] = new StoredBlob(snapshot, etag);
            return Task.FromResult(etag);
        }
    }

    /// <summary>A memory store never held format-1 snapshots: it has no legacy pages.</summary>
    public Task<byte[]?> ReadLegacyPageAsync(string accountId, int index, CancellationToken cancellationToken = default)
    {
        faults.OnRead();
        return Task.FromResult<byte[]?>(null);
    }
}
