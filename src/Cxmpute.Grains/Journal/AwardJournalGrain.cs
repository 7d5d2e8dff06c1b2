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
    ILogger<AwardJournalGrain> logger) : Grain, IAwardJournalGrain
{
    private readonly LedgerOptions _options = options.Value;
    private readonly AwardIndex _ids = new();
    private readonly LinkedList<PendingAward> _queue = new();
    private JournalCore _journal = null!;
    private Task _loop = Task.CompletedTask;
    private Task _delivering = Task.CompletedTask;
    private bool _broken;
    private bool _stopping;

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The loop must not go on in a deactivated activation: what is still queued is answered 503 (retry is safe).
        _stopping = true;
        _broken = true;
        _journal?.Stop();
        return Task.CompletedTask;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = LedgerOptions.AwardJournalId(this.GetPrimaryKeyLong());
        _journal = new JournalCore(id, store, GrainFactory, checkpoint, _options, time, metrics, logger);
        await _journal.LoadAsync(Remember, cancellationToken);
        this.RegisterGrainTimer(_journal.StartCheckpoint, new GrainTimerCreationOptions(_options.CheckpointInterval, _options.CheckpointInterval) { Interleave = true });
        EnsureLoop();
    }

    public async Task<IReadOnlyList<AwardOutcome>> SubmitAsync(IReadOnlyList<AwardRequest> awards)
    {
        var items = awards.Select(a => new PendingAward(a)).ToArray();
        if (_broken)
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
            // What has not been taken into a group yet is withdrawn: it will never be committed, so "unavailable" is
            // true of it. An award whose group is being written may still be committed; a retry finds it either way.
            foreach (var item in items)
            {
                if (!item.Completion.Task.IsCompleted && _queue.Remove(item))
                {
                    item.Completion.TrySetResult(Unavailable());
                }
            }

            return [.. items.Select(i => i.Completion.Task.IsCompletedSuccessfully ? i.Completion.Task.Result : Unavailable())];
        }
    }

    public Task<IReadOnlyList<EffectBatch>> GetPendingAsync(string accountId, long after) => Task.FromResult(_journal.PendingFor(accountId, after));

    public Task PingAsync() => _journal.Replayed;

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
    /// The commit loop, pipelined in two stages: while one group's credits are being delivered (and then acknowledged),
    /// the next group is priced and written. Writes stay one at a time (they append to one page), and deliveries stay
    /// in commit order (each starts when the previous one is done), which is all the accounts rely on.
    /// </summary>
    private async Task RunAsync()
    {
        try
        {
            if (_journal.NeedsReplay)
            {
                await _journal.ReplayAsync();
            }

            while (!_stopping)
            {
                if (_queue.Count == 0)
                {
                    // Done only once the last delivery is: awards that arrive while it runs find this loop still
                    // running (it is what EnsureLoop checks), so this loop must take them.
                    var done = _delivering.IsCompleted;
                    await _delivering;
                    if (done)
                    {
                        break;
                    }

                    continue;
                }

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
                        _delivering = DeliverAsync(_delivering, commit.Commit, commit.Accepted);
                    }
                }
                catch
                {
                    FailUnanswered(group);
                    throw;
                }

                if (_delivering.IsFaulted)
                {
                    await _delivering; // a failed delivery ends the loop: the journal recovers from storage
                }
            }
        }
        catch (Exception ex)
        {
            // The outcome of the last write or delivery is unknown: stop taking awards and let a fresh activation
            // reload the journal, replay what was committed, and answer retries from it.
            logger.LogError(ex, "Award journal {Journal} failed; deactivating to recover from storage", _journal.JournalId);
            _broken = true;
            _journal.Stop();
            while (_queue.Count > 0)
            {
                _queue.First!.Value.Completion.TrySetResult(Unavailable());
                _queue.RemoveFirst();
            }

            DeactivateOnIdle();
        }
    }

    /// <summary>
    /// Delivers a durable commit once the previous one is delivered, then acknowledges its awards. If the previous
    /// delivery failed, this one fails too without delivering (order matters): both are replayed by the next activation.
    /// </summary>
    private async Task DeliverAsync(Task previous, JournalCommit commit, List<PendingAward> accepted)
    {
        var durable = Stopwatch.GetTimestamp();
        try
        {
            await previous;
            await _journal.DeliverAsync(commit);
        }
        catch
        {
            FailUnanswered(accepted);
            throw;
        }

        var now = Stopwatch.GetTimestamp();
        metrics.Delivered(_journal.JournalId, Stopwatch.GetElapsedTime(durable, now));
        foreach (var item in accepted)
        {
            item.Complete(item.Entry!.Award!.Result);
            metrics.Acknowledged(Stopwatch.GetElapsedTime(item.Arrived, now));
        }
    }

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
            if (await JournaledAsync(item.Request.AwardId) is { } original)
            {
                await AnswerReplayAsync(item, original);
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
            await PriceAsync(fresh, now);
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

    private async Task AnswerReplayAsync(PendingAward item, AwardRecord original)
    {
        if (AwardFingerprint.Parse(original.Fingerprint) != item.Fingerprint)
        {
            item.Fail(ErrorCodes.AwardIdConflict, $"awardId {item.Request.AwardId} was already used with a different body", "awardId");
            return;
        }

        // The original may still be on its way to its accounts: a duplicate is answered once the original would be.
        if (!_delivering.IsCompleted)
        {
            await _delivering;
        }

        item.Complete(original.Result with { Duplicate = true });
    }

    private async Task PriceAsync(List<PendingAward> items, DateTimeOffset now)
    {
        if (items.Count == 0)
        {
            return;
        }

        var providerIds = items.Select(i => i.Request.ProviderId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        // The users' chains do not depend on the providers' links: one round trip for both instead of two in a row.
        var linksTask = Task.WhenAll(providerIds.Select(id => GrainFactory.Grain<ILedgerAccountGrain>(id).GetLinksAsync()));
        var userChainsTask = ChainsAsync(IReferralGrain.Users, items.Select(i => i.Request.UserId));
        await Task.WhenAll(linksTask, userChainsTask);
        var providers = providerIds.Zip(await linksTask).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        var userChains = await userChainsTask;
        var providerChains = await ChainsAsync(IReferralGrain.Providers, providerIds.Where(id => providers[id].Registered));

        foreach (var item in items)
        {
            var request = item.Request;
            ProviderAwardView? provider = null;
            string? model = null;
            if (request.ProviderId is { } providerId)
            {
                var link = providers[providerId];
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
                    price.PerformanceMultiplier, price.Amount, Split(AccountKind.Provider, price.Amount, providerChains[providerId]));
            }

            UserAwardView? user = null;
            if (request.UserId is { } userId)
            {
                var points = schedule.PriceUser(item.Service, request.Tokens);
                user = new UserAwardView(userId, points, Split(AccountKind.User, points, userChains[userId]));
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
    }

    private async Task<Dictionary<string, IReadOnlyList<string>>> ChainsAsync(string graph, IEnumerable<string?> ids)
    {
        var distinct = ids.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return [];
        }

        var chains = await GrainFactory.Grain<IReferralJournalGrain>(graph).GetChainsAsync(distinct);
        return distinct.Zip(chains).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }

    private IReadOnlyList<ReferralCreditView> Split(AccountKind kind, decimal amount, IReadOnlyList<string> chain)
    {
        var split = schedule.ReferralSplit(kind, amount);
        return [.. chain.Take(split.Count).Select((account, i) => new ReferralCreditView(i + 1, account, split[i]))];
    }

    private static AwardOutcome Unavailable() =>
        AwardOutcome.Fail(ErrorCodes.Unavailable, "the ledger could not confirm this award; retry with the same awardId");
}
