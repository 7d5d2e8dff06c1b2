using Cxmpute.Grains.Accounts;
using Cxmpute.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Cxmpute.Grains.Journal;

/// <summary>
/// The write-ahead journal shared by the award and referral journal grains. A commit is one page write holding a
/// group of entries; only then are its effects delivered to the accounts, in commit order, and only then is the
/// group acknowledged. Accounts persist lazily; the journal keeps every commit after its watermark in memory until
/// the accounts it touched confirm they are durable, and replays them after a crash. Runs on its grain's scheduler.
/// </summary>
internal sealed class JournalCore(
    string journalId,
    IJournalStore store,
    IGrainFactory grains,
    IPersistentState<JournalCheckpoint> checkpoint,
    LedgerOptions options,
    LedgerClock time,
    LedgerMetrics metrics,
    ILogger logger)
{
    private const int MaxPageBytes = 800 * 1024;
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1)];

    private readonly Dictionary<string, List<EffectBatch>> _pending = new(StringComparer.Ordinal);
    private readonly List<(long Seq, List<JournalEntry> Entries)> _undelivered = [];
    private readonly Dictionary<long, List<JournalEntry>> _pageCache = [];
    private readonly Queue<(long Seq, DateTimeOffset At)> _commitTimes = new();
    private readonly JournalPageBuffer _page = new();
    private List<JournalEntry> _current = [];
    private string? _currentETag;
    private long _currentPage;
    private DateTimeOffset _currentLastAt = DateTimeOffset.MinValue;
    private long _lastSeq;
    private long _deliveredSeq;
    private bool _checkpointing;
    private bool _stopped;
    private Task _checkpoint = Task.CompletedTask;
    private int _pendingDeliveries;
    private TaskCompletionSource? _replayed;
    private readonly Dictionary<string, DeliverySlot> _tails = new(StringComparer.Ordinal);
    private readonly SortedSet<long> _deliveredAhead = [];
    private readonly SemaphoreSlim _fanOut = new(Math.Max(1, options.FanOutParallelism));

    public string JournalId => journalId;

    public long NextSeq => _lastSeq + 1;

    public long Watermark => checkpoint.State.Watermark;

    public int PendingAccounts => _pending.Count;

    /// <summary>
    /// Called between groups: starts a checkpoint early when many deliveries are held since the watermark, and waits
    /// for it when far too many are (back-pressure).
    /// </summary>
    public async Task ThrottleAsync()
    {
        if (_pendingDeliveries >= options.MaxPendingDeliveries)
        {
            _ = CheckpointNowAsync(everything: true);
        }

        if (_pendingDeliveries >= 2 * options.MaxPendingDeliveries)
        {
            await _checkpoint;
            return;
        }

        // Flush back-pressure: the watermark trails the newest commit by about AccountFlushDelay while account writes
        // keep up. When it trails by more than twice that, the accounts' writes are behind what the commits produce:
        // commits then slow down in proportion (a tenth of the excess per group, up to MaxThrottleDelay) instead of
        // letting the backlog, the next checkpoint's burst and what a recovering journal replays grow. The commit rate
        // follows what storage can persist.
        var excess = WatermarkLag - (2 * options.AccountFlushDelay) - options.CheckpointInterval;
        if (excess > TimeSpan.Zero)
        {
            var delay = TimeSpan.FromTicks(Math.Min(excess.Ticks / 10, options.MaxThrottleDelay.Ticks));
            metrics.CommitsThrottled(journalId, delay);
            await Task.Delay(delay);
        }
    }

    /// <summary>Age of the oldest commit after the watermark (zero when every commit is durable in its accounts).</summary>
    public TimeSpan WatermarkLag => _commitTimes.TryPeek(out var oldest) ? time.GetUtcNow() - oldest.At : TimeSpan.Zero;

    /// <summary>Reads the journal: calls <paramref name="visit"/> for every entry within the retention period, and queues the commits after the watermark for replay.</summary>
    public async Task LoadAsync(Action<JournalEntry, long, int> visit, CancellationToken cancellationToken)
    {
        var watermark = checkpoint.State.Watermark;
        var retainedFrom = time.GetUtcNow() - options.IdempotencyRetention;
        var pages = await store.ListPagesAsync(journalId, cancellationToken);
        _lastSeq = watermark;
        _deliveredSeq = watermark;
        for (var i = 0; i < pages.Count; i++)
        {
            var info = pages[i];
            var last = i == pages.Count - 1;
            var retained = info.LastAt >= retainedFrom;
            if (!retained && info.LastSeq <= watermark && !last)
            {
                continue;
            }

            var page = await store.ReadPageAsync(journalId, info.PageNo, cancellationToken)
                ?? throw new InvalidDataException($"journal {journalId} page {info.PageNo} vanished while loading");
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
                _current = entries;
                _currentETag = page.ETag;
                _currentPage = info.PageNo;
                _currentLastAt = info.LastAt;
                _page.Rebuild(entries);
            }
        }

        foreach (var (seq, entries) in _undelivered)
        {
            AddPending(seq, entries);
            _commitTimes.Enqueue((seq, entries[0].At));
        }

        if (_undelivered.Count > 0)
        {
            _replayed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            logger.LogInformation("Journal {Journal} recovers {Commits} commits after watermark {Watermark}", journalId, _undelivered.Count, watermark);
        }
    }

    public bool NeedsReplay => _undelivered.Count > 0;

    /// <summary>Completes once the commits found after the watermark at activation have been delivered again.</summary>
    public Task Replayed => _replayed?.Task ?? Task.CompletedTask;

    /// <summary>
    /// Delivers again, in order, what was committed after the watermark before the last activation ended. A failed replay
    /// fails <see cref="Replayed"/> too: callers waiting on it (pings) must not wait forever, or the activation, which
    /// deactivates to recover, would never finish deactivating and the journal would take no award again.
    /// </summary>
    public async Task ReplayAsync()
    {
        try
        {
            // Account by account, in parallel: each account gets its batches in commit order, one after another, which
            // is all the ordering the accounts need (an account's state depends only on its own effects). Commit by
            // commit, a journal recovering after a crash took one delivery round per commit of the flush delay's span.
            if (_undelivered.Count > 0)
            {
                var last = _undelivered[^1].Seq;
                var chains = _pending.Select(pair => (Account: pair.Key, Batches: pair.Value.Where(b => b.Seq <= last).ToList())).ToList();
                await ForEachAsync(chains, async chain =>
                {
                    foreach (var batch in chain.Batches)
                    {
                        await WithRetries(() => Account(chain.Account).ApplyAsync(batch));
                    }
                });
                _deliveredSeq = Math.Max(_deliveredSeq, last);
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
    /// Durably appends one commit (all entries carry <see cref="NextSeq"/>): one write of the open page, which costs
    /// the serialization of these entries only (<see cref="JournalPageBuffer"/>). Returns where the first entry was
    /// written and the commit's effects per account, for <see cref="DeliverAsync(JournalCommit)"/>.
    /// </summary>
    public async Task<JournalCommit> CommitAsync(List<JournalEntry> entries)
    {
        var seq = NextSeq;
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
            _lastSeq = seq;
            _commitTimes.Enqueue((seq, info.LastAt));
            var batches = AddPending(seq, entries);
            var credits = 0;
            foreach (var batch in batches)
            {
                foreach (var effect in batch.Batch.Effects)
                {
                    credits += effect.IsCredit ? 1 : 0;
                }
            }

            metrics.Committed(journalId, entries.Count, credits, entries[0].Award is not null);
            return new JournalCommit(seq, _currentPage, firstIndex, batches);
        }
    }

    /// <summary>Applies one commit's effects to every account it touches; returns when all have applied them.</summary>
    public Task DeliverAsync(JournalCommit commit) => StartDelivery(commit).All;

    /// <summary>
    /// Starts applying one commit's effects to every account it touches. Each account gets the commit after the
    /// earlier commits that touched that same account, which is all an account relies on (it applies a journal's
    /// commits in sequence order and ignores one it has), not after the whole previous commit: an account still
    /// loading from storage holds up only the commits that touch it. If an earlier delivery to an account failed,
    /// the later ones to it fail too, so no account ever skips a commit; the journal then stops and its next
    /// activation replays everything after the watermark. <see cref="Delivery.All"/> completes when every account
    /// has applied the commit; the watermark only ever moves over commits delivered to all of their accounts and
    /// to all those before them.
    /// </summary>
    public Delivery StartDelivery(JournalCommit commit)
    {
        var byAccount = new Dictionary<string, Task>(commit.Batches.Count, StringComparer.Ordinal);
        foreach (var batch in commit.Batches)
        {
            _tails.TryGetValue(batch.AccountId, out var previous);
            var slot = new DeliverySlot();
            _tails[batch.AccountId] = slot;
            slot.Task = ApplyInOrderAsync(previous?.Task, batch, slot);
            byAccount[batch.AccountId] = slot.Task;
        }

        return new Delivery(DeliveredAsync(commit.Seq, byAccount.Values), byAccount);
    }

    private async Task ApplyInOrderAsync(Task? previous, AccountBatch batch, DeliverySlot slot)
    {
        try
        {
            if (previous is not null)
            {
                await previous;
            }

            await _fanOut.WaitAsync();
            try
            {
                await WithRetries(() => Account(batch.AccountId).ApplyAsync(batch.Batch));
            }
            finally
            {
                _fanOut.Release();
            }
        }
        finally
        {
            if (_tails.TryGetValue(batch.AccountId, out var tail) && ReferenceEquals(tail, slot))
            {
                _tails.Remove(batch.AccountId); // nothing later queued for this account: keep the map to deliveries in flight
            }
        }
    }

    private async Task DeliveredAsync(long seq, IEnumerable<Task> accounts)
    {
        await Task.WhenAll(accounts);
        if (seq != _deliveredSeq + 1)
        {
            _deliveredAhead.Add(seq);
            return;
        }

        _deliveredSeq = seq;
        while (_deliveredAhead.Remove(_deliveredSeq + 1))
        {
            _deliveredSeq++;
        }
    }

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

    /// <summary>
    /// The activation is going away (it failed or deactivates): no further flushes and no watermark write. The next
    /// activation reads the watermark and the pages and replays what follows; flushes still in flight just finish.
    /// </summary>
    public void Stop() => _stopped = true;

    /// <summary>
    /// The journal grain's checkpoint timer tick: starts a checkpoint and returns. A deactivation must not wait for the
    /// checkpoint's flushes, which can wait on accounts catching up from this very journal (messages to it are held
    /// while it deactivates) until the call timeout.
    /// </summary>
    public Task StartCheckpoint(CancellationToken cancellationToken)
    {
        _ = CheckpointNowAsync();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Starts a checkpoint unless one is running; returns the running one. <paramref name="everything"/> asks every
    /// account with pending commits to persist, not only those whose oldest pending commit is due.
    /// </summary>
    public Task CheckpointNowAsync(bool everything = false)
    {
        if (!_checkpointing)
        {
            _checkpoint = CheckpointAsync(everything);
        }

        return _checkpoint;
    }

    /// <summary>
    /// For a graceful stop, once nothing more will be committed: has every account with pending commits persist and
    /// moves the watermark to the last delivered commit, then stops checkpointing.
    /// </summary>
    public async Task DrainAsync()
    {
        await _checkpoint;
        for (var round = 0; round < 3 && !_stopped && !NeedsReplay && _deliveredSeq > checkpoint.State.Watermark; round++)
        {
            await CheckpointNowAsync(everything: true);
        }

        Stop();
    }

    public IReadOnlyList<EffectBatch> PendingFor(string accountId, long after) =>
        _pending.TryGetValue(accountId, out var batches) ? batches.Where(b => b.Seq > after).ToList() : [];

    /// <summary>
    /// Asks the accounts whose oldest pending commit is older than <see cref="LedgerOptions.AccountFlushDelay"/> to
    /// persist everything delivered to them so far, then moves the watermark to just below the oldest commit still
    /// pending in any account. An account credited often in that span is written once for all of it; the watermark
    /// trails by about the delay, which bounds what a recovering journal replays.
    /// </summary>
    private async Task CheckpointAsync(bool everything)
    {
        var target = _deliveredSeq;
        if (_checkpointing || _stopped || target <= checkpoint.State.Watermark || NeedsReplay)
        {
            return;
        }

        _checkpointing = true;
        try
        {
            var due = everything ? target : Math.Min(target, DueSeq(time.GetUtcNow() - options.AccountFlushDelay));
            var flushes = new List<KeyValuePair<string, long>>();
            foreach (var (account, batches) in _pending)
            {
                if (batches[0].Seq > due)
                {
                    continue;
                }

                // Only what is due: an account credited through several journals is then written about once per
                // delay, not once per journal. Its answer (how far it is durable for this journal, which a write made
                // for another journal may have carried past the due commit) clears the rest.
                var last = batches.LastOrDefault(b => b.Seq <= due);
                if (last is not null)
                {
                    flushes.Add(new(account, last.Seq));
                }
            }

            var durable = new long[flushes.Count];
            await ForEachAsync(Enumerable.Range(0, flushes.Count).ToArray(), async i =>
            {
                if (!_stopped)
                {
                    durable[i] = await WithRetries(() => Account(flushes[i].Key).FlushAsync(journalId, flushes[i].Value));
                }
            }, options.CheckpointParallelism);
            if (_stopped)
            {
                return; // some flushes were skipped: nothing to conclude, and the next activation owns the watermark
            }

            for (var i = 0; i < flushes.Count; i++)
            {
                var (account, asked) = flushes[i];
                var upTo = Math.Max(asked, durable[i]);
                var batches = _pending[account];
                _pendingDeliveries -= batches.RemoveAll(b => b.Seq <= upTo);
                if (batches.Count == 0)
                {
                    _pending.Remove(account);
                }
            }

            // Every commit below the oldest one still pending somewhere is durable in every account it touched.
            var watermark = target;
            foreach (var batches in _pending.Values)
            {
                watermark = Math.Min(watermark, batches[0].Seq - 1);
            }

            if (watermark > checkpoint.State.Watermark)
            {
                checkpoint.State.Watermark = watermark;
                await checkpoint.WriteStateAsync();
            }

            while (_commitTimes.Count > 0 && _commitTimes.Peek().Seq <= checkpoint.State.Watermark)
            {
                _commitTimes.Dequeue();
            }
        }
        catch (Orleans.Storage.InconsistentStateException ex) when (!_stopped)
        {
            // Another activation of this journal wrote the checkpoint since this one read it (a previous activation
            // finishing its last write). Its watermark is as valid as this one's (both only ever name commits durable
            // in every account), so read it and go on from there: the next checkpoint writes with the current version.
            logger.LogWarning(ex, "Journal {Journal}: the checkpoint was written elsewhere; reading it again", journalId);
            var mine = checkpoint.State.Watermark;
            try
            {
                await checkpoint.ReadStateAsync();
                checkpoint.State.Watermark = Math.Max(mine, checkpoint.State.Watermark);
            }
            catch (Exception readFailed)
            {
                logger.LogWarning(readFailed, "Journal {Journal} could not read its checkpoint again; it will try at the next conflict", journalId);
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Journal {Journal} could not checkpoint at {Target}; it will try again", journalId, target);
        }
        finally
        {
            _checkpointing = false;
        }
    }

    /// <summary>The last commit made at or before <paramref name="cutoff"/> (0 when none is that old).</summary>
    private long DueSeq(DateTimeOffset cutoff)
    {
        var due = 0L;
        foreach (var (seq, at) in _commitTimes)
        {
            if (at > cutoff)
            {
                break;
            }

            due = seq;
        }

        return due;
    }

    /// <summary>Reads a committed entry (for the result of a replayed award id).</summary>
    public async Task<JournalEntry> ReadEntryAsync(long pageNo, int index)
    {
        if (pageNo == _currentPage)
        {
            return _current[index];
        }

        if (!_pageCache.TryGetValue(pageNo, out var entries))
        {
            var page = await store.ReadPageAsync(journalId, pageNo)
                ?? throw new InvalidDataException($"journal {journalId} page {pageNo} is missing");
            entries = LedgerJson.Unpack(page.Data, LedgerJson.Default.ListJournalEntry);
            if (_pageCache.Count >= 8)
            {
                _pageCache.Remove(_pageCache.Keys.First());
            }

            _pageCache[pageNo] = entries;
        }

        return entries[index];
    }

    private void StartNewPage()
    {
        _currentPage++;
        _current = [];
        _currentETag = null;
        _currentLastAt = DateTimeOffset.MinValue;
        _page.Reset();
    }

    private List<AccountBatch> AddPending(long seq, IReadOnlyList<JournalEntry> entries)
    {
        var added = new List<AccountBatch>();
        foreach (var (account, effects) in EffectPlanner.ByAccount(entries))
        {
            if (!_pending.TryGetValue(account, out var batches))
            {
                _pending[account] = batches = [];
            }

            var batch = new EffectBatch(journalId, seq, effects);
            batches.Add(batch);
            added.Add(new AccountBatch(account, batch));
            _pendingDeliveries++;
        }

        return added;
    }

    private ILedgerAccountGrain Account(string accountId) => grains.Grain<ILedgerAccountGrain>(accountId);

    /// <summary>
    /// Runs <paramref name="action"/> for every item with at most <paramref name="parallelism"/> in flight: a fixed set
    /// of workers takes the next item as soon as its previous one is done (no chunk waits for its slowest member). The
    /// workers run on the grain's scheduler.
    /// </summary>
    private async Task ForEachAsync<T>(IReadOnlyList<T> items, Func<T, Task> action, int? parallelism = null)
    {
        var next = -1;
        async Task Worker()
        {
            for (var i = Interlocked.Increment(ref next); i < items.Count; i = Interlocked.Increment(ref next))
            {
                await action(items[i]);
            }
        }

        var workers = Math.Min(items.Count, Math.Max(1, parallelism ?? options.FanOutParallelism));
        var running = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            running[w] = Worker();
        }

        await Task.WhenAll(running);
    }

    private static async Task<T> WithRetries<T>(Func<Task<T>> call)
    {
        var result = default(T)!;
        await WithRetries(async () => { result = await call(); });
        return result;
    }

    private static async Task WithRetries(Func<Task> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await call();
                return;
            }
            catch (Exception) when (attempt < RetryDelays.Length)
            {
                await Task.Delay(RetryDelays[attempt]);
            }
        }
    }
}

/// <summary>One account's share of a commit.</summary>
internal readonly record struct AccountBatch(string AccountId, EffectBatch Batch);

/// <summary>A commit on its way to its accounts: done for all of them, and per account.</summary>
internal sealed record Delivery(Task All, IReadOnlyDictionary<string, Task> ByAccount);

/// <summary>The latest delivery to one account, which the next delivery to that account waits for.</summary>
internal sealed class DeliverySlot
{
    public Task? Task { get; set; }
}

/// <summary>A durable commit: its sequence number, where its first entry is, and what each account gets from it.</summary>
internal sealed record JournalCommit(long Seq, long PageNo, int FirstIndex, IReadOnlyList<AccountBatch> Batches);
