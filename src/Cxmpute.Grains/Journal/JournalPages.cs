using Cxmpute.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Cxmpute.Grains.Journal;

/// <summary>
/// A journal's pages: appends each commit to the open page in one conditional write (which costs the serialization of
/// the new entries only, <see cref="JournalPageBuffer"/>), starts a new page when the open one is full, and reads
/// committed entries back (the open page from memory, older ones through a small cache).
/// </summary>
internal sealed class JournalPages(string journalId, IJournalStore store, LedgerOptions options, LedgerClock time, ILogger logger) : IDisposable
{
    private const int MaxPageBytes = 800 * 1024;
    private const int CachedPages = 8;

    private readonly Dictionary<long, List<JournalEntry>> _cache = [];
    private readonly JournalPageBuffer _page = new();
    private List<JournalEntry> _current = [];
    private string? _currentETag;
    private long _currentPage;
    private DateTimeOffset _currentLastAt = DateTimeOffset.MinValue;

    /// <summary>Continues the last page found when the journal loaded.</summary>
    public void Open(long pageNo, List<JournalEntry> entries, string etag, DateTimeOffset lastAt)
    {
        _current = entries;
        _currentETag = etag;
        _currentPage = pageNo;
        _currentLastAt = lastAt;
        _page.Rebuild(entries);
    }

    /// <summary>Durably appends one commit's entries (all carrying <paramref name="seq"/>); returns where the first one is and the page's time.</summary>
    public async Task<(long PageNo, int FirstIndex, DateTimeOffset At)> AppendAsync(List<JournalEntry> entries, long seq)
    {
        if (_current.Count > 0 && _current.Count + entries.Count > options.JournalPageCapacity)
        {
            StartNewPage();
        }

        while (true)
        {
            var data = _page.Prepare(entries);
            if (data.Length > MaxPageBytes && _current.Count > 0)
            {
                StartNewPage();
                continue;
            }

            var firstSeq = _current.Count > 0 ? _current[0].Seq : entries[0].Seq;
            // Never earlier than the page's last stamp: a silo whose clock is behind the one that wrote the page before
            // would otherwise move it back, and the page would fall out of the idempotency retention that much early.
            var clock = time.GetUtcNow();
            var lastAt = clock > _currentLastAt ? clock : _currentLastAt;
            var info = new JournalPageInfo(_currentPage, _current.Count + entries.Count, firstSeq, seq, lastAt);
            string etag;
            try
            {
                etag = await store.WritePageAsync(journalId, info, data, _currentETag);
            }
            catch (Exception ex)
            {
                // A write can land although it reported a failure: the answer to the first attempt was lost and the
                // storage client's retry found the page already changed (412/409), or it timed out after landing.
                // Settle it by reading the page back, so that a group is only answered "unavailable" when its write
                // did not land as far as storage says.
                if (await LandedAsync(info, data) is not { } landed)
                {
                    _page.Rebuild(_current);
                    throw;
                }

                logger.LogInformation("Journal {Journal} page {Page}: the write reported {Error} but it landed; commit {Seq} stands", journalId, info.PageNo, ex.GetType().Name, seq);
                etag = landed;
            }

            var firstIndex = _current.Count;
            _current.AddRange(entries);
            _page.Accept(entries.Count);
            _currentETag = etag;
            _currentLastAt = info.LastAt;
            return (_currentPage, firstIndex, info.LastAt);
        }
    }

    /// <summary>Reads a committed entry (for the result of a replayed award id).</summary>
    public async Task<JournalEntry> ReadEntryAsync(long pageNo, int index)
    {
        if (pageNo == _currentPage)
        {
            return _current[index];
        }

        if (!_cache.TryGetValue(pageNo, out var entries))
        {
            var page = await store.ReadPageAsync(journalId, pageNo)
                ?? throw new InvalidDataException($"journal {journalId} page {pageNo} is missing");
            entries = LedgerJson.Unpack(page.Data, LedgerJson.Default.ListJournalEntry);
            if (_cache.Count >= CachedPages)
            {
                _cache.Remove(_cache.Keys.First());
            }

            _cache[pageNo] = entries;
        }

        return entries[index];
    }

    public void Dispose() => _page.Dispose();

    /// <summary>
    /// The ETag of the page if it holds exactly the bytes just written (so this commit, not another activation's);
    /// null if not, or if storage cannot say.
    /// </summary>
    private async Task<string?> LandedAsync(JournalPageInfo info, byte[] data)
    {
        try
        {
            var page = await store.ReadPageAsync(journalId, info.PageNo);
            return page is not null && page.Info.LastSeq == info.LastSeq && page.Data.AsSpan().SequenceEqual(data) ? page.ETag : null;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Journal {Journal} could not read page {Page} back after a failed write", journalId, info.PageNo);
            return null;
        }
    }

    private void StartNewPage()
    {
        _currentPage++;
        _current = [];
        _currentETag = null;
        _currentLastAt = DateTimeOffset.MinValue;
        _page.Reset();
    }
}
