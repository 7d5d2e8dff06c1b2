using System.Diagnostics;
using Cxmpute.Abstractions;
using Cxmpute.Grains.Storage;
using Cxmpute.Rewards;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;

namespace Cxmpute.Grains.Journal;

/// <summary>
/// An award journal. Calls interleave: awards queue up while the previous group is being committed, and the next
/// group takes them all (group commit, <see cref="JournalLoop{TItem}"/>). Per group: deduplicate by award id, price
/// with the schedule and the referral chains (<see cref="AwardPricer"/>), write one journal page, deliver the credits
/// to the accounts, then acknowledge each award once every account it credits has applied it.
/// </summary>
[Reentrant, RandomPlacement]
public sealed class AwardJournalGrain(
    [PersistentState("journal", LedgerStorage.Checkpoints)] IPersistentState<JournalCheckpoint> checkpoint,
    IJournalStore store,
    RewardSchedule schedule,
    IOptions<LedgerOptions> options,
    LedgerClock time,
    LedgerMetrics metrics,
    Hosting.LocalJournals local,
    ILogger<AwardJournalGrain> logger) : Grain, IAwardJournalGrain
{
    private readonly LedgerOptions _options = options.Value;
    private readonly HashSet<Task> _delivering = [];
    private JournalCore _journal = null!;
    private JournalLoop<PendingAward> _loop = null!;
    private AwardPricer _pricer = null!;
    private SetAsideAwards _aside = null!;
    private AwardIds _ids = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = LedgerOptions.AwardJournalId(this.GetPrimaryKeyLong());
        _journal = new JournalCore(id, store, GrainFactory, checkpoint, _options, time, metrics, logger);
        _loop = new JournalLoop<PendingAward>(_journal, _options.MaxGroupSize, CommitAndDeliverAsync, AnswerUnavailable, Failed);
        _pricer = new AwardPricer(GrainFactory, schedule, _options);
        _aside = new SetAsideAwards(_pricer, metrics, logger, id);
        _ids = new AwardIds(_journal);
        await _journal.LoadAsync(_ids.Remember, cancellationToken);
        local.Add(id, this.AsReference<IAwardJournalGrain>().DrainAsync);
        this.RegisterGrainTimer(_journal.StartCheckpoint, new GrainTimerCreationOptions(_options.CheckpointInterval, _options.CheckpointInterval) { Interleave = true });
        _loop.EnsureRunning();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The loop must not go on in a deactivated activation: what is still queued is answered 503 (retry is safe).
        if (_journal is not null)
        {
            _loop.Stop();
            _aside.Clear(AnswerUnavailable);
            local.Remove(_journal.JournalId);
        }

        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<AwardOutcome>> SubmitAsync(IReadOnlyList<AwardRequest> awards)
    {
        var items = awards.Select(a => new PendingAward(a)).ToArray();
        if (!_loop.Accepting)
        {
            return [.. items.Select(_ => Unavailable())];
        }

        foreach (var item in items)
        {
            _loop.Enqueue(item);
        }

        try
        {
            // Bounded: a journal waiting on a lost silo must not hold callers (or its own deactivation) for long.
            // What was still queued goes on and is committed at most once; a retry with the same id finds it.
            return await Task.WhenAll(items.Select(i => i.Completion.Task)).WaitAsync(_options.SubmitTimeout);
        }
        catch (TimeoutException)
        {
            // What has not been taken into a group yet (queued, or set aside by pricing) is withdrawn: it will never be
            // committed, so "unavailable" is true of it. An award whose group is being written may still be committed;
            // a retry finds it either way.
            foreach (var item in items)
            {
                if (!item.Completion.Task.IsCompleted && (_loop.Remove(item) || _aside.Remove(item)))
                {
                    item.Completion.TrySetResult(Unavailable());
                }
            }

            return [.. items.Select(i => i.Completion.Task.IsCompletedSuccessfully ? i.Completion.Task.Result : Unavailable())];
        }
    }

    public Task<IReadOnlyList<EffectBatch>> GetPendingAsync(string accountId, long after) => Task.FromResult(_journal.PendingFor(accountId, after));

    public Task PingAsync() => _journal.Replayed;

    public Task DrainAsync()
    {
        // Set aside awards were never committed: "unavailable" is true of them, and a retry after the restart is safe.
        _aside.Clear(AnswerUnavailable);
        return _loop.DrainAsync(DeliveredAsync);
    }

    private void Failed(Exception ex)
    {
        logger.LogError(ex, "Award journal {Journal} failed; deactivating to recover from storage", _journal.JournalId);
        _aside.Clear(AnswerUnavailable);
        DeactivateOnIdle();
    }

    /// <summary>
    /// One group of the loop, pipelined: once its commit is durable, the next group is priced and written while this
    /// one's credits are delivered (and acknowledged). Writes stay one at a time (they append to one page); each account
    /// gets the commits that touch it in commit order, which is all the accounts rely on.
    /// </summary>
    private async Task CommitAndDeliverAsync(List<PendingAward> group)
    {
        if (await CommitGroupAsync(group) is { } commit)
        {
            Track(DeliverAsync(commit.Commit, commit.Accepted));
        }
    }

    /// <summary>
    /// Validates, deduplicates and prices a group, and writes the awards it accepts (one page write). Returns the
    /// durable commit and its awards, still to be delivered and acknowledged; null when nothing was accepted.
    /// </summary>
    private async Task<(JournalCommit Commit, List<PendingAward> Accepted)?> CommitGroupAsync(List<PendingAward> group)
    {
        var now = time.GetUtcNow();
        var fresh = new List<PendingAward>();
        var inGroup = new HashSet<string>(StringComparer.Ordinal);
        var later = new List<PendingAward>();
        foreach (var item in group)
        {
            if (AwardValidation.Validate(item.Request, now, _options, out var service) is { } error)
            {
                item.Fail(error);
                continue;
            }

            item.Service = service;
            item.Fingerprint = AwardFingerprint.Of(item.Request, service);
            if (_aside.TryFollow(item))
            {
                continue; // an earlier award with this id is waiting for its accounts: it is decided first
            }

            if (await _ids.FindAsync(item.Request.AwardId) is { } original)
            {
                AnswerReplay(item, original);
            }
            else if (!inGroup.Add(item.Request.AwardId))
            {
                later.Add(item); // same id twice in one group: decide it after the first one is committed
            }
            else
            {
                fresh.Add(item);
            }
        }

        try
        {
            var aside = await _pricer.PriceAsync(fresh, now);
            if (aside.Count > 0)
            {
                // The same id again later in this group waits behind its first occurrence, which stays the original
                // (their resumption cannot run before this turn ends).
                _aside.SetAside(aside, Resume);
                later.RemoveAll(_aside.TryFollow);
            }

            var accepted = fresh.Where(i => i.Entry is not null).ToList();
            if (accepted.Count == 0)
            {
                return null;
            }

            var seq = _journal.NextSeq;
            var entries = accepted.Select(i => i.Entry!).ToList();
            foreach (var entry in entries)
            {
                entry.Seq = seq;
                entry.At = now;
            }

            var commit = await _journal.CommitAsync(entries);
            _ids.Committed(accepted, new AwardLocation(commit.PageNo, commit.FirstIndex));

            return (commit, accepted);
        }
        finally
        {
            for (var i = later.Count - 1; i >= 0; i--)
            {
                _loop.Requeue(later[i]);
            }
        }
    }

    /// <summary>Awards set aside whose accounts have loaded go back to the head of the queue, in their order.</summary>
    private void Resume(IReadOnlyList<PendingAward> items)
    {
        for (var i = items.Count - 1; i >= 0; i--)
        {
            if (_loop.Broken)
            {
                AnswerUnavailable(items[i]);
            }
            else
            {
                _loop.Requeue(items[i]);
            }
        }

        _loop.EnsureRunning();
    }

    private void AnswerReplay(PendingAward item, AwardRecord original)
    {
        if (AwardFingerprint.Parse(original.Fingerprint) != item.Fingerprint)
        {
            item.Fail(ErrorCodes.AwardIdConflict, $"awardId {item.Request.AwardId} was already used with a different body", "awardId");
            return;
        }

        _ = AnswerWhenDeliveredAsync(item, original.Result with { Duplicate = true });
    }

    /// <summary>
    /// The original may still be on its way to its accounts: a duplicate is answered once the original would be, which is
    /// once the deliveries in flight now are done (without holding up the commit loop meanwhile).
    /// </summary>
    private async Task AnswerWhenDeliveredAsync(PendingAward item, AwardResult duplicate)
    {
        try
        {
            await DeliveredAsync();
        }
        catch (Exception)
        {
            AnswerUnavailable(item);
            return;
        }

        item.Complete(duplicate);
    }

    /// <summary>
    /// Delivers a durable commit and acknowledges each of its awards as soon as the accounts it credits have applied it:
    /// an account still loading from storage holds up only the awards that credit it. If a delivery fails, the awards
    /// waiting on it are answered 503 and the journal's next activation replays the commit.
    /// </summary>
    private async Task DeliverAsync(JournalCommit commit, List<PendingAward> accepted)
    {
        var durable = Stopwatch.GetTimestamp();
        var delivery = _journal.StartDelivery(commit);
        foreach (var item in accepted)
        {
            _ = AcknowledgeAsync(item, delivery);
        }

        await delivery.All;
        metrics.Delivered(_journal.JournalId, Stopwatch.GetElapsedTime(durable));
    }

    private async Task AcknowledgeAsync(PendingAward item, Delivery delivery)
    {
        var result = item.Entry!.Award!.Result;
        try
        {
            foreach (var account in EffectPlanner.AccountsOf(result))
            {
                await delivery.ByAccount[account];
            }
        }
        catch (Exception)
        {
            AnswerUnavailable(item);
            return;
        }

        item.Complete(result);
        metrics.Acknowledged(Stopwatch.GetElapsedTime(item.Arrived));
    }

    /// <summary>Keeps a commit's delivery in the set of those in flight until it is done; a failure stops the journal.</summary>
    private void Track(Task delivery)
    {
        _delivering.Add(delivery);
        _ = Untrack(delivery);

        async Task Untrack(Task task)
        {
            try
            {
                await task;
            }
            catch (Exception ex)
            {
                _loop.Fail(ex);
            }
            finally
            {
                _delivering.Remove(task);
            }
        }
    }

    /// <summary>Waits for every delivery in flight now; throws if one of them failed.</summary>
    private Task DeliveredAsync() => _delivering.Count == 0 ? Task.CompletedTask : Task.WhenAll([.. _delivering]);

    private static void AnswerUnavailable(PendingAward item) => item.Completion.TrySetResult(Unavailable());

    private static AwardOutcome Unavailable() =>
        AwardOutcome.Fail(ErrorCodes.Unavailable, "the ledger could not confirm this award; retry with the same awardId");
}
