using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Cxmpute.Grains.Journal;

namespace Cxmpute.Grains.Storage.Ledger;

/// <summary>
/// Group commit of sealed ledger pages: every page appended while a segment is being written goes into the next
/// segment, one write for all of them, whatever accounts they belong to. A segment is written once under a new name
/// and never changed. A page is stored as a two-byte header length, its <see cref="PageHeader"/> as JSON, then its
/// gzipped credits; its location is that byte range. A segment whose write fails, or whose pages no snapshot ends up
/// pointing to (the account's snapshot write failed after it), is garbage that nothing reads.
/// </summary>
public abstract class SegmentedPageStore : ILedgerPageStore
{
    private readonly Queue<Append> _queue = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private bool _writing;

    protected SegmentedPageStore(TimeProvider time, int maxSegmentBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSegmentBytes, 64 * 1024);
        _time = time;
        MaxSegmentBytes = maxSegmentBytes;
    }

    /// <summary>The size a segment stops taking more pages at (one account's pages always go into one segment).</summary>
    public int MaxSegmentBytes { get; }

    public Task<IReadOnlyList<PageLocation>> AppendAsync(string accountId, PageLocation? previous, IReadOnlyList<SealedPage> pages, CancellationToken cancellationToken = default)
    {
        if (pages.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<PageLocation>>([]);
        }

        var append = new Append(accountId, previous, pages);
        lock (_gate)
        {
            _queue.Enqueue(append);
            if (!_writing)
            {
                _writing = true;
                _ = Task.Run(WriteLoopAsync, CancellationToken.None);
            }
        }

        return append.Completion.Task;
    }

    public async Task<StoredLedgerPage?> ReadAsync(PageLocation location, CancellationToken cancellationToken = default)
    {
        var bytes = await ReadRangeAsync(location.Segment, location.Offset, location.Length, cancellationToken);
        if (bytes is null || bytes.Length != location.Length || bytes.Length < 2)
        {
            return null;
        }

        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        if (2 + headerLength > bytes.Length)
        {
            return null;
        }

        var header = JsonSerializer.Deserialize(bytes.AsSpan(2, headerLength), LedgerJson.Default.PageHeader)
            ?? throw new InvalidDataException($"ledger page at {location} has no header");
        return new StoredLedgerPage(header.AccountId, header.Index, PageLocation.Parse(header.Previous), bytes[(2 + headerLength)..]);
    }

    /// <summary>Writes a new segment; it must not exist yet.</summary>
    protected abstract Task WriteSegmentAsync(string name, byte[] data, CancellationToken cancellationToken);

    /// <summary>Reads a byte range of a segment, or null when there is no such segment.</summary>
    protected abstract Task<byte[]?> ReadRangeAsync(string name, long offset, int length, CancellationToken cancellationToken);

    private async Task WriteLoopAsync()
    {
        while (true)
        {
            List<Append> batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _writing = false;
                    return;
                }

                batch = TakeBatch();
            }

            var name = NewSegmentName();
            try
            {
                var (data, locations) = Layout(name, batch);
                await WriteSegmentAsync(name, data, CancellationToken.None);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(locations[i]);
                }
            }
            catch (Exception ex)
            {
                foreach (var append in batch)
                {
                    append.Completion.TrySetException(ex);
                }
            }
        }
    }

    private List<Append> TakeBatch()
    {
        var batch = new List<Append>();
        long bytes = 0;
        while (_queue.TryPeek(out var next) && (batch.Count == 0 || bytes + next.Bytes <= MaxSegmentBytes))
        {
            batch.Add(_queue.Dequeue());
            bytes += next.Bytes;
        }

        return batch;
    }

    private static (byte[] Data, List<IReadOnlyList<PageLocation>> Locations) Layout(string name, List<Append> batch)
    {
        using var segment = new MemoryStream();
        var length = new byte[2];
        var locations = new List<IReadOnlyList<PageLocation>>(batch.Count);
        foreach (var append in batch)
        {
            var previous = append.Previous;
            var placed = new List<PageLocation>(append.Pages.Count);
            foreach (var page in append.Pages)
            {
                var header = JsonSerializer.SerializeToUtf8Bytes(
                    new PageHeader { AccountId = append.AccountId, Index = page.Index, Previous = previous?.ToString() },
                    LedgerJson.Default.PageHeader);
                var offset = segment.Position;
                BinaryPrimitives.WriteUInt16LittleEndian(length, checked((ushort)header.Length));
                segment.Write(length);
                segment.Write(header);
                segment.Write(page.Data);
                var location = new PageLocation(name, offset, checked((int)(segment.Position - offset)));
                placed.Add(location);
                previous = location;
            }

            locations.Add(placed);
        }

        return (segment.ToArray(), locations);
    }

    /// <summary>Time first, so that segments list in the order they were written; unique whichever silo writes.</summary>
    private string NewSegmentName() =>
        _time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'-'HHmmssfff", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N");

    private sealed class Append(string accountId, PageLocation? previous, IReadOnlyList<SealedPage> pages)
    {
        public string AccountId { get; } = accountId;

        public PageLocation? Previous { get; } = previous;

        public IReadOnlyList<SealedPage> Pages { get; } = pages;

        public long Bytes { get; } = pages.Sum(p => (long)p.Data.Length + 128 + accountId.Length);

        public TaskCompletionSource<IReadOnlyList<PageLocation>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
