using System.Collections.Concurrent;

namespace Cxmpute.Grains.Storage.Ledger;

/// <summary>Ledger segments kept in process memory: for tests and demos, not durable.</summary>
public sealed class MemoryPageStore(StorageFaults faults, TimeProvider time) : SegmentedPageStore(time, 1024 * 1024)
{
    private readonly ConcurrentDictionary<string, byte[]> _segments = new(StringComparer.Ordinal);

    public MemoryPageStore(StorageFaults faults)
        : this(faults, TimeProvider.System)
    {
    }

    /// <summary>Segments written so far.</summary>
    public int Segments => _segments.Count;

    protected override Task WriteSegmentAsync(string name, byte[] data, CancellationToken cancellationToken)
    {
        faults.OnPageWrite();
        return _segments.TryAdd(name, data)
            ? Task.CompletedTask
            : throw new StorageConflictException($"ledger segment {name} exists already");
    }

    protected override Task<byte[]?> ReadRangeAsync(string name, long offset, int length, CancellationToken cancellationToken)
    {
        faults.OnRead();
        return Task.FromResult(_segments.TryGetValue(name, out var data) && offset + length <= data.Length
            ? data.AsSpan((int)offset, length).ToArray()
            : null);
    }
}
