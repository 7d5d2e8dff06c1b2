using System.Diagnostics;
using Cxmpute.Abstractions;
using Cxmpute.Grains.Accounts;
using Cxmpute.Grains.Referrals;
using Cxmpute.Grains.Storage;
using Cxmpute.Rewards;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;

namespace Cxmpute.Grains.Journal;

/// <summary>
/// An award journal. Calls interleave: awards queue up while the previous group is being committed, and the next
/// group takes them all (group commit). Per group: deduplicate by award id, price with the schedule and the
/// referral chains, write one journal page, deliver the credits to the accounts, then acknowledge.
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
    private readonly AwardIndex _ids = new();
    private readonly LinkedList<PendingAward> _queue = new();
    private readonly HashSet<PendingAward> _aside = [];

    /// <summary>
    /// The award set aside under each id, for the later awards with that id to wait behind it (see
    /// <see cref="TryFollow"/>). An entry may outlive its award's stay in <see cref="_aside"/> (its caller's wait ran
    /// out) until it resumes; <see cref="TryFollow"/> checks.
    /// </summary>
    private readonly Dictionary<string, PendingAward> _asideById = new(StringComparer.Ordinal);
    private JournalCore _journal = null!;
    private Task _loop = Task.CompletedTask;
    private readonly HashSet<Task> _delivering = [];
    private bool _broken;
    private bool _stopping;
    private bool _draining;

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The loop must not go on in a deactivated activation: what is still queued is answered 503 (retry is safe).
        _stopping = true;
        _broken = true;
        _journal?.Stop();
        FailAside();
        if (_journal is not null)
        {
            local.Remove(_journal.JournalId);
        }

        return Task.CompletedTask;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = LedgerOptions.AwardJournalId(this.GetPrimaryKeyLong());
        _journal = new JournalCore(id, store, GrainFactory, checkpoint, _options, time, metrics, logger);
        await _journal.LoadAsync(Remember, cancellationToken);
        var self = this.AsReference<IAwardJournalGrain>();
        local.Add(id, self.DrainAsync);
        this.RegisterGrainTimer(_journal.StartCheckpoint, new GrainTimerCreationOptions(_options.CheckpointInterval, _options.CheckpointInterval) { Interleave = true });
        EnsureLoop();
    }

    public async Task<IReadOnlyList<AwardOutcome>> SubmitAsync(IReadOnlyList<AwardRequest> awards)
    {
        var items = awards.Select(a => new PendingAward(a)).ToArray();
        if (_broken || _draining)
        {
            return [.. items.Select(_ => Unavailable())];
        }

        foreach (var item in items)
        {
            _queue.AddLast(item);
        }

        EnsureLoop();
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
                if (!item.Completion.Task.IsCompleted && (_queue.Remove(item) || _aside.Remove(item)))
                {
                    item.Completion.TrySetResult(Unavailable());
                }
            }

            return [.. items.Select(i => i.Completion.Task.IsCompletedSuccessfully ? i.Completion.Task.Result : Unavailable())];
        }
    }

    public Task<IReadOnlyList<EffectBatch>> GetPendingAsync(string accountId, long after) => Task.FromResult(_journal.PendingFor(accountId, after));

    public Task PingAsync() => _journal.Replayed;

    public async Task DrainAsync()
    {
        // What is not in a group yet was never committed: "unavailable" is true of it, and a retry after the restart is safe.
        _draining = true;
        FailUnanswered(_queue);
        _queue.Clear();
        FailAside();
        await _loop;
        await DeliveredAsync();
        if (!_broken)
        {
            await _journal.DrainAsync();
        }
    }

    private void Remember(JournalEntry entry, long pageNo, int index)
    {
        if (entry.Award is { } award)
        {
            _ids.Add(award.Result.AwardId, new AwardLocation(pageNo, index));
        }
    }

    private void EnsureLoop()
    {
        if (_loop.IsCompleted && (_queue.Count > 0 || _journal.NeedsReplay))
        {
            _loop = RunAsync();
        }
    }

    /// <summary>
    /// The commit loop, pipelined: while groups' credits are being delivered (and acknowledged), the next group is
    /// priced and written. Writes stay one at a time (they append to one page); each account gets the commits that
    /// touch it in commit order, which is all the accounts rely on (<see cref="JournalCore.StartDelivery"/>).
    /// </summary>
    private async Task RunAsync()
    {
        try
        {
            if (_journal.NeedsReplay)
            {
                await _journal.ReplayAsync();
            }

            // Ends when the queue is empty, whatever is still being delivered: awards that arrive later start the next
            // loop (EnsureLoop), and a delivery that fails stops the journal by itself (Track).
            while (!_stopping && !_broken && _queue.Count > 0)
            {
                var group = new List<PendingAward>();
                while (_queue.Count > 0 && group.Count < _options.MaxGroupSize)
                {
                    group.Add(_queue.First!.Value);
                    _queue.RemoveFirst();
                }

                try
                {
                    await _journal.ThrottleAsync();
                    if (await CommitGroupAsync(group) is { } commit)
                    {
                        Track(DeliverAsync(commit.Commit, commit.Accepted));
                    }
                }
                catch
                {
                    FailUnanswered(group);
                    throw;
                }
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>
    /// The outcome of the last write or delivery is unknown: stop taking awards and let a fresh activation reload the
    /// journal, replay what was committed, and answer retries from it.
    /// </summary>
    private void Fail(Exception ex)
    {
        if (!_broken)
        {
            logger.LogError(ex, "Award journal {Journal} failed; deactivating to recover from storage", _journal.JournalId);
        }

        _broken = true;
        _journal.Stop();
        while (_queue.Count > 0)
        {
            _queue.First!.Value.Completion.TrySetResult(Unavailable());
            _queue.RemoveFirst();
        }

        FailAside();
        DeactivateOnIdle();
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
            item.Completion.TrySetResult(Unavailable());
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
                Fail(ex);
            }
            finally
            {
                _delivering.Remove(task);
            }
        }
    }

    /// <summary>Waits for every delivery in flight now; throws if one of them failed.</summary>
    private Task DeliveredAsync() => _delivering.Count == 0 ? Task.CompletedTask : Task.WhenAll([.. _delivering]);

    private static void FailUnanswered(IEnumerable<PendingAward> items)
    {
        foreach (var item in items)
        {
            item.Completion.TrySetResult(Unavailable());
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
            if (TryFollow(item))
            {
                continue; // an earlier award with this id is waiting for its accounts: it is decided first
            }

            if (await JournaledAsync(item.Request.AwardId) is { } original)
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
            var aside = await PriceAsync(fresh, now);
            if (aside.Count > 0)
            {
                // The same id again later in this group waits behind its first occurrence, which stays the original
                // (their resumption cannot run before this turn ends).
                SetAside(aside);
                later.RemoveAll(TryFollow);
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
            for (var i = 0; i < accepted.Count; i++)
            {
                _ids.Add(accepted[i].Request.AwardId, new AwardLocation(commit.PageNo, commit.FirstIndex + i));
            }

            return (commit, accepted);
        }
        finally
        {
            for (var i = later.Count - 1; i >= 0; i--)
            {
                _queue.AddFirst(later[i]);
            }
        }
    }

    /// <summary>The journaled entry of <paramref name="awardId"/>, or null when the id is new to this journal.</summary>
    private async Task<AwardRecord?> JournaledAsync(string awardId)
    {
        if (!_ids.TryFind(awardId, out var location, out var verified))
        {
            return null;
        }

        // A hash match is read back and compared: another id with the same hash is a new award.
        var award = (await _journal.ReadEntryAsync(location.PageNo, location.Index)).Award;
        return verified || string.Equals(award?.Result.AwardId, awardId, StringComparison.Ordinal) ? award : null;
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
            item.Completion.TrySetResult(Unavailable());
            return;
        }

        item.Complete(duplicate);
    }

    /// <summary>
    /// Prices the awards whose accounts are ready (or fails them: unknown provider, tier not eligible) and returns the
    /// others: an account they need was still loading from storage after <see cref="LedgerOptions.LookupWait"/>.
    /// Awards set aside once are priced with every lookup awaited, so each is set aside at most once and a lookup that
    /// fails fails its group as before.
    /// </summary>
    private async Task<List<PendingAward>> PriceAsync(List<PendingAward> items, DateTimeOffset now)
    {
        if (items.Count == 0)
        {
            return [];
        }

        TimeSpan? wait = items.Exists(i => i.WasSetAside) ? null : _options.LookupWait;
        var providerIds = items.Select(i => i.Request.ProviderId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        // The users' chains do not depend on the providers' links: one round trip for both instead of two in a row.
        var linkTasks = providerIds.Select(id => GrainFactory.Grain<ILedgerAccountGrain>(id).GetLinksAsync()).ToArray();
        var userChainsTask = ChainsAsync(IReferralGrain.Users, items.Select(i => i.Request.UserId), wait);
        var links = Task.WhenAll(linkTasks);
        if (wait is null)
        {
            await links;
        }
        else if (!links.IsCompleted)
        {
            await Task.WhenAny(links, Task.Delay(wait.Value));
        }

        var providers = new Dictionary<string, AccountLinks?>(providerIds.Count, StringComparer.Ordinal);
        for (var i = 0; i < providerIds.Count; i++)
        {
            providers[providerIds[i]] = linkTasks[i].IsCompletedSuccessfully ? linkTasks[i].Result : null;
        }

        var userChains = await userChainsTask;
        var providerChains = await ChainsAsync(IReferralGrain.Providers, providerIds.Where(id => providers[id] is { Registered: true }), wait);

        var aside = new List<PendingAward>();
        foreach (var item in items)
        {
            var request = item.Request;
            ProviderAwardView? provider = null;
            string? model = null;
            if ((request.ProviderId is { } waiting && (providers[waiting] is not { } known || (known.Registered && providerChains[waiting] is null)))
                || (request.UserId is { } earner && userChains[earner] is null))
            {
                aside.Add(item);
                continue;
            }

            if (request.ProviderId is { } providerId)
            {
                var link = providers[providerId]!;
                if (!link.Registered || link.VramGb is not { } vram)
                {
                    item.Fail(ErrorCodes.AccountNotFound, $"provider {providerId} has not registered its hardware", "providerId");
                    continue;
                }

                ProviderPrice price;
                try
                {
                    price = schedule.PriceProvider(item.Service, request.Model!, request.Tokens, request.LatencyMs, vram);
                }
                catch (TierNotEligibleException ex)
                {
                    item.Fail(ErrorCodes.TierNotEligible, ex.Message, "model");
                    continue;
                }

                model = price.Model;
                provider = new ProviderAwardView(providerId, price.Tier.ToWire(), price.Complexity, price.BaseReward, price.TokenReward,
                    price.PerformanceMultiplier, price.Amount, Split(AccountKind.Provider, price.Amount, providerChains[providerId]!));
            }

            UserAwardView? user = null;
            if (request.UserId is { } userId)
            {
                var points = schedule.PriceUser(item.Service, request.Tokens);
                user = new UserAwardView(userId, points, Split(AccountKind.User, points, userChains[userId]!));
            }

            var result = new AwardResult(request.AwardId, false, user, provider, schedule.Version, request.OccurredAt ?? now);
            item.Entry = new JournalEntry
            {
                Award = new AwardRecord
                {
                    Fingerprint = AwardFingerprint.ToText(item.Fingerprint),
                    Service = item.Service.ToWire(),
                    Tokens = request.Tokens,
                    LatencyMs = request.LatencyMs,
                    Model = model,
                    Result = result,
                },
            };
        }

        return aside;
    }

    /// <summary>The referral chains of <paramref name="ids"/>: all of them, or (with a <paramref name="wait"/>) those known within it, null for the rest.</summary>
    private async Task<Dictionary<string, IReadOnlyList<string>?>> ChainsAsync(string graph, IEnumerable<string?> ids, TimeSpan? wait)
    {
        var distinct = ids.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return [];
        }

        var referrals = GrainFactory.Grain<IReferralJournalGrain>(graph);
        var chains = wait is { } within
            ? await referrals.GetChainsAsync(distinct, within)
            : (await referrals.GetChainsAsync(distinct)).ToArray<IReadOnlyList<string>?>();
        return distinct.Zip(chains).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }

    /// <summary>
    /// Holds awards out of the queue until the accounts pricing gave up waiting for have loaded, then puts them back at
    /// the front. Meanwhile the awards queued behind them commit: one cold account no longer holds up its journal.
    /// </summary>
    private void SetAside(List<PendingAward> items)
    {
        metrics.SetAside(items.Count);
        foreach (var item in items)
        {
            item.WasSetAside = true;
            _aside.Add(item);
            _asideById[item.Request.AwardId] = item;
        }

        _ = ResumeAsync(items);
    }

    private async Task ResumeAsync(List<PendingAward> items)
    {
        try
        {
            // The same lookups without a time limit: when they are done, the accounts are active and the chains cached.
            var providerIds = items.Select(i => i.Request.ProviderId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            await Task.WhenAll(
                Task.WhenAll(providerIds.Select(id => GrainFactory.Grain<ILedgerAccountGrain>(id).GetLinksAsync())),
                ChainsAsync(IReferralGrain.Users, items.Select(i => i.Request.UserId), null),
                ChainsAsync(IReferralGrain.Providers, providerIds, null));
        }
        catch (Exception ex)
        {
            // Priced again below with every lookup awaited: a failure that persists fails their group the usual way.
            logger.LogDebug(ex, "Journal {Journal}: a lookup for awards set aside failed", _journal.JournalId);
        }

        // Back at the head of the queue in their order, each followed by the later awards with its id.
        for (var i = items.Count - 1; i >= 0; i--)
        {
            var item = items[i];
            if (_asideById.TryGetValue(item.Request.AwardId, out var held) && held == item)
            {
                _asideById.Remove(item.Request.AwardId);
            }

            var followers = item.Followers ?? [];
            for (var j = followers.Count - 1; j >= 0; j--)
            {
                Requeue(followers[j]);
            }

            Requeue(item);
        }

        EnsureLoop();

        void Requeue(PendingAward item)
        {
            if (!_aside.Remove(item))
            {
                return; // answered meanwhile: its caller's wait ran out, or the journal stopped
            }

            if (_broken)
            {
                item.Completion.TrySetResult(Unavailable());
            }
            else
            {
                _queue.AddFirst(item);
            }
        }
    }

    /// <summary>
    /// Sets <paramref name="item"/> aside behind the award set aside with its id, if there is one, so that the first to
    /// arrive stays the original and the others are its duplicates or conflicts.
    /// </summary>
    private bool TryFollow(PendingAward item)
    {
        if (_asideById.Count == 0 || !_asideById.TryGetValue(item.Request.AwardId, out var first) || !_aside.Contains(first))
        {
            return false;
        }

        item.Follow(first);
        _aside.Add(item);
        return true;
    }

    private void FailAside()
    {
        foreach (var item in _aside)
        {
            item.Completion.TrySetResult(Unavailable());
        }

        _aside.Clear();
        _asideById.Clear();
    }

    private IReadOnlyList<ReferralCreditView> Split(AccountKind kind, decimal amount, IReadOnlyList<string> chain)
    {
        var split = schedule.ReferralSplit(kind, amount);
        return [.. chain.Take(split.Count).Select((account, i) => new ReferralCreditView(i + 1, account, split[i]))];
    }

    private static AwardOutcome Unavailable() =>
        AwardOutcome.Fail(ErrorCodes.Unavailable, "the ledger could not confirm this award; retry with the same awardId");
}
