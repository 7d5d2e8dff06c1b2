using System.Collections.Concurrent;

namespace Cxmpute.Grains.Storage;

/// <summary>Journal store kept in process memory: for tests and demos, not durable.</summary>
public sealed class MemoryJournalStore(StorageFaults faults) : IJournalStore
{
    private readonly ConcurrentDictionary<string, SortedDictionary<long, StoredJournalPage>> _journals = new(StringComparer.Ordinal);
    private long _version;

    public Task<IReadOnlyList<JournalPageInfo>> ListPagesAsync(string journalId, CancellationToken cancellationToken = default)
    {
        faults.OnRead();
        var pages = Journal(journalId);
        lock (pages)
        {
            return Task.FromResult<IReadOnlyList<JournalPageInfo>>(pages.Values.Select(p => p.Info).ToList());
        }
    }

    public Task<StoredJournalPage?> ReadPageAsync(string journalId, long pageNo, CancellationToken cancellationToken = default)
    {
        faults.OnRead();
        var pages = Journal(journalId);
        lock (pages)
        {
            return Task.FromResult(pages.TryGetValue(pageNo, out var page) ? page : null);
        }
    }

    public Task<string> WritePageAsync(string journalId, JournalPageInfo info, byte[] data, string? expectedETag, CancellationToken cancellationToken = default)
    {
        faults.OnWrite();
        var pages = Journal(journalId);
        lock (pages)
        {
            pages.TryGetValue(info.PageNo, out var current);
            if (current?.ETag != expectedETag)
            {
                throw new StorageConflictException($"journal {journalId} page {info.PageNo}: expected version {expectedETag ?? "(none)"}, found {current?.ETag ?? "(none)"}");
            }

            var etag = Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            pages[info.PageNo] = new StoredJournalPage(info, data, etag);
            faults.AfterJournalWrite();
            return Task.FromResult(etag);
        }
    }

    private SortedDictionary<long, StoredJournalPage> Journal(string journalId) => _journals.GetOrAdd(journalId, _ => []);
}
