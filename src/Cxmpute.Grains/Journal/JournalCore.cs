using Cxmpute.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Cxmpute.Grains.Journal;

/// <summary>
/// The write-ahead journal shared by the award and referral journal grains. A commit is one page write holding a
/// group of entries (<see cref="JournalPages"/>); only then are its effects delivered to the accounts, in commit order
/// per account (<see cref="JournalDeliveries"/>), and only then is the group acknowledged. Accounts persist lazily; the
/// journal keeps every commit after its watermark in memory (<see cref="PendingEffects"/>) until the accounts it
/// touched confirm they are durable (<see cref="JournalCheckpointer"/>), and replays them after a crash. Runs on its
/// grain's scheduler.
/// </summary>
internal sealed class JournalCore : IDisposable
{
    private readonly string _journalId;
    private readonly IJournalStore _store;
    private readonly IPersistentState<JournalCheckpoint> _checkpoint;
    private readonly LedgerOptions _options;
    private readonly LedgerClock _time;
    private readonly LedgerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly JournalPages _pages;
    private readonly PendingEffects _pending;
    private readonly JournalDeliveries _deliveries;
    private readonly JournalCheckpointer _checkpointer;
    private readonly List<(long Seq, List<JournalEntry> Entries)> _undelivered = [];
    private long _lastSeq;
    private TaskCompletionSource? _replayed;

    public JournalCore(
        string journalId,
        IJournalStore store,
        IGrainFactory grains,
        IPersistentState<JournalCheckpoint> checkpoint,
        LedgerOptions options,
        LedgerClock time,
        LedgerMetrics metrics,
        ILogger logger)
    {
        _journalId = journalId;
        _store = store;
        _checkpoint = checkpoint;
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _pages = new JournalPages(journalId, store, options, time, logger);
        _pending = new PendingEffects(journalId);
        _deliveries = new JournalDeliveries(grains, options);
        _checkpointer = new JournalCheckpointer(journalId, checkpoint, _pending, _deliveries, () => NeedsReplay, grains, options, time, metrics, logger);
    }

    public string JournalId => _journalId;

    public long NextSeq => _lastSeq + 1;

    public long Watermark => _checkpointer.Watermark;

    public int PendingAccounts => _pending.Accounts;

    /// <summary>Age of the oldest commit after the watermark (zero when every commit is durable in its accounts).</summary>
    public TimeSpan WatermarkLag => _checkpointer.WatermarkLag;

    public bool NeedsReplay => _undelivered.Count > 0;

    /// <summary>Completes once the commits found after the watermark at activation have been delivered again.</summary>
    public Task Replayed => _replayed?.Task ?? Task.CompletedTask;

    /// <summary>Back-pressure between groups (<see cref="JournalCheckpointer.ThrottleAsync"/>).</summary>
    public Task ThrottleAsync() => _checkpointer.ThrottleAsync();

    /// <summary>Reads the journal: calls <paramref name="visit"/> for every entry within the retention period, and queues the commits after the watermark for replay.</summary>
    public async Task LoadAsync(Action<JournalEntry, long, int> visit, CancellationToken cancellationToken)
    {
        var watermark = _checkpoint.State.Watermark;
        var retainedFrom = _time.GetUtcNow() - _options.IdempotencyRetention;
        var pages = await _store.ListPagesAsync(_journalId, cancellationToken);
        _lastSeq = watermark;
        _deliveries.DeliveredSeq = watermark;
        for (var i = 0; i < pages.Count; i++)
        {
            var info = pages[i];
            var last = i == pages.Count - 1;
            var retained = info.LastAt >= retainedFrom;
            if (!retained && info.LastSeq <= watermark && !last)
            {
                continue;
            }

            var page = await _store.ReadPageAsync(_journalId, info.PageNo, cancellationToken)
                ?? throw new InvalidDataException($"journal {_journalId} page {info.PageNo} vanished while loading");
            var entries = LedgerJson.Unpack(page.Data, LedgerJson.Default.ListJournalEntry);
            for (var index = 0; index < entries.Count; index++)
            {
                var entry = entries[index];
                if (retained)
                {
                    visit(entry, info.PageNo, index);
                }

                if (entry.Seq > watermark)
                {
                    if (_undelivered.Count == 0 || _undelivered[^1].Seq != entry.Seq)
                    {
                        _undelivered.Add((entry.Seq, []));
                    }

                    _undelivered[^1].Entries.Add(entry);
                }

                _lastSeq = Math.Max(_lastSeq, entry.Seq);
            }

            if (last)
            {
                _pages.Open(info.PageNo, entries, page.ETag, info.LastAt);
            }
        }

        foreach (var (seq, entries) in _undelivered)
        {
            _pending.Add(seq, entries);
            _checkpointer.Committed(seq, entries[0].At);
        }

        if (_undelivered.Count > 0)
        {
            _replayed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _logger.LogInformation("Journal {Journal} recovers {Commits} commits after watermark {Watermark}", _journalId, _undelivered.Count, watermark);
        }
    }

    /// <summary>
    /// Delivers again, in order, what was committed after the watermark before the last activation ended. A failed replay
    /// fails <see cref="Replayed"/> too: callers waiting on it (pings) must not wait forever, or the activation, which
    /// deactivates to recover, would never finish deactivating and the journal would take no award again.
    /// </summary>
    public async Task ReplayAsync()
    {
        try
        {
            if (_undelivered.Count > 0)
            {
                await _deliveries.ReplayAsync(_pending, _undelivered[^1].Seq);
                _undelivered.Clear();
            }
        }
        catch (Exception ex)
        {
            _replayed?.TrySetException(ex);
            throw;
        }

        _replayed?.TrySetResult();
    }

    /// <summary>
    /// Durably appends one commit (all entries carry <see cref="NextSeq"/>): one write of the open page. Returns where the
    /// first entry was written and the commit's effects per account, for <see cref="StartDelivery"/>.
    /// </summary>
    public async Task<JournalCommit> CommitAsync(List<JournalEntry> entries)
    {
        var seq = NextSeq;
        var (pageNo, firstIndex, at) = await _pages.AppendAsync(entries, seq);
        _lastSeq = seq;
        _checkpointer.Committed(seq, at);
        var batches = _pending.Add(seq, entries);
        var credits = 0;
        foreach (var batch in batches)
        {
            foreach (var effect in batch.Batch.Effects)
            {
                credits += effect.IsCredit ? 1 : 0;
            }
        }

        _metrics.Committed(_journalId, entries.Count, credits, entries[0].Award is not null);
        return new JournalCommit(seq, pageNo, firstIndex, batches);
    }

    /// <summary>Applies one commit's effects to every account it touches; returns when all have applied them.</summary>
    public Task DeliverAsync(JournalCommit commit) => StartDelivery(commit).All;

    /// <summary>Starts applying one commit's effects to every account it touches (<see cref="JournalDeliveries.Start"/>).</summary>
    public Delivery StartDelivery(JournalCommit commit) => _deliveries.Start(commit);

    /// <summary>
    /// The activation is going away (it failed or deactivates): no further flushes and no watermark write. The next
    /// activation reads the watermark and the pages and replays what follows; flushes still in flight just finish.
    /// </summary>
    public void Stop() => _checkpointer.Stop();

    /// <summary>The grain's checkpoint timer tick (<see cref="JournalCheckpointer.StartCheckpoint"/>).</summary>
    public Task StartCheckpoint(CancellationToken cancellationToken) => _checkpointer.StartCheckpoint(cancellationToken);

    /// <summary>Starts a checkpoint unless one is running (<see cref="JournalCheckpointer.CheckpointNowAsync"/>).</summary>
    public Task CheckpointNowAsync(bool everything = false) => _checkpointer.CheckpointNowAsync(everything);

    /// <summary>For a graceful stop (<see cref="JournalCheckpointer.DrainAsync"/>).</summary>
    public Task DrainAsync() => _checkpointer.DrainAsync();

    public IReadOnlyList<EffectBatch> PendingFor(string accountId, long after) => _pending.For(accountId, after);

    /// <summary>Reads a committed entry (for the result of a replayed award id).</summary>
    public Task<JournalEntry> ReadEntryAsync(long pageNo, int index) => _pages.ReadEntryAsync(pageNo, index);

    public void Dispose() => _pages.Dispose();
}
