using Cxmpute.Abstractions;
using Cxmpute.Grains.Accounts;
using Cxmpute.Grains.Journal;
using Cxmpute.Grains.Storage;
using Cxmpute.Rewards;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;

namespace Cxmpute.Grains.Referrals;

/// <summary>
/// The referral graph of one kind of account. Applies are decided one after another against the graph as
/// committed plus the group's own earlier decisions, so a cycle can never close, not even by two concurrent
/// applies. A group of decisions is one journal write; its effects (the referee's referrer, the direct bonus,
/// the network counts of three levels of ancestors) are then delivered like award credits.
/// The graph is cached in memory from the accounts, which hold it durably.
/// </summary>
[Reentrant, RandomPlacement]
public sealed class ReferralGrain(
    [PersistentState("journal", LedgerStorage.Checkpoints)] IPersistentState<JournalCheckpoint> checkpoint,
    IJournalStore store,
    RewardSchedule schedule,
    IOptions<LedgerOptions> options,
    LedgerClock time,
    LedgerMetrics metrics,
    Hosting.LocalJournals local,
    ILogger<ReferralGrain> logger) : Grain, IReferralJournalGrain
{
    private const int MaxDepth = 1_000_000;
    private readonly LedgerOptions _options = options.Value;
    private readonly Dictionary<string, GraphNode> _graph = new(StringComparer.Ordinal);
    private JournalCore _journal = null!;
    private JournalLoop<PendingReferral> _loop = null!;
    private bool _users;
    private Dictionary<string, GraphNode> _absent = new(StringComparer.Ordinal);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The loop must not go on in a deactivated activation: what is still queued is answered 503 (retry is safe).
        if (_journal is not null)
        {
            _loop.Stop();
            local.Remove(_journal.JournalId);
        }

        return Task.CompletedTask;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _users = this.GetPrimaryKeyString() == IReferralGrain.Users;
        _journal = new JournalCore(LedgerOptions.ReferralJournalId(_users), store, GrainFactory, checkpoint, _options, time, metrics, logger);
        _loop = new JournalLoop<PendingReferral>(_journal, _options.MaxGroupSize, ProcessAsync, AnswerUnavailable, Failed);
        await _journal.LoadAsync((_, _, _) => { }, cancellationToken);
        local.Add(_journal.JournalId, this.AsReference<IReferralJournalGrain>().DrainAsync);
        this.RegisterGrainTimer(_journal.StartCheckpoint, new GrainTimerCreationOptions(_options.CheckpointInterval, _options.CheckpointInterval) { Interleave = true });
        _loop.EnsureRunning();
    }

    public Task<ReferralOutcome> ApplyAsync(string accountId, string referralCode)
    {
        var item = new PendingReferral(accountId, referralCode);
        if (!_loop.Accepting)
        {
            return Task.FromResult(Unavailable());
        }

        _loop.Enqueue(item);
        return WaitAsync(item);
    }

    private async Task<ReferralOutcome> WaitAsync(PendingReferral item)
    {
        try
        {
            return await item.Completion.Task.WaitAsync(_options.SubmitTimeout);
        }
        catch (TimeoutException)
        {
            return Unavailable();
        }
    }

    public async Task<IReadOnlyList<IReadOnlyList<string>>> GetChainsAsync(IReadOnlyList<string> accountIds)
    {
        await _journal.Replayed;
        var chains = await Task.WhenAll(accountIds.Select(ChainAsync));
        return chains;
    }

    public async Task<IReadOnlyList<IReadOnlyList<string>?>> GetChainsAsync(IReadOnlyList<string> accountIds, TimeSpan wait)
    {
        await _journal.Replayed;
        var chains = new Task<IReadOnlyList<string>>[accountIds.Count];
        for (var i = 0; i < chains.Length; i++)
        {
            chains[i] = ChainAsync(accountIds[i]);
        }

        // Cached chains complete at once; only an account read from storage (its grain activating) makes one wait.
        var all = Task.WhenAll(chains);
        if (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(wait));
        }

        return [.. chains.Select(c => c.IsCompletedSuccessfully ? c.Result : null)];
    }

    public Task<IReadOnlyList<EffectBatch>> GetPendingAsync(string accountId, long after) => Task.FromResult(_journal.PendingFor(accountId, after));

    public Task PingAsync() => _journal.Replayed;

    public Task DrainAsync() => _loop.DrainAsync(() => Task.CompletedTask);

    private void Failed(Exception ex)
    {
        logger.LogError(ex, "Referral graph {Graph} failed; deactivating to recover from storage", this.GetPrimaryKeyString());
        DeactivateOnIdle();
    }

    private static void AnswerUnavailable(PendingReferral item) => item.Completion.TrySetResult(Unavailable());

    private async Task<IReadOnlyList<string>> ChainAsync(string accountId)
    {
        var chain = new List<string>(3);
        var current = accountId;
        while (chain.Count < 3 && (await NodeAsync(current, null)).Parent is { } parent)
        {
            chain.Add(parent);
            current = parent;
        }

        return chain;
    }

    private async Task ProcessAsync(List<PendingReferral> group)
    {
        var now = time.GetUtcNow();
        var overlay = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
        var accepted = new List<PendingReferral>();

        // Load the accounts of the whole group at once; the decisions below then mostly read the cache.
        var unknown = group.SelectMany(i => new[] { i.AccountId, i.Code })
            .Where(id => AccountIds.IsValid(id) && IReferralGrain.KeyFor(id) == this.GetPrimaryKeyString() && !_graph.ContainsKey(id))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var loaded = await Task.WhenAll(unknown.Select(id => NodeAsync(id, null).AsTask()));
        _absent = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
        for (var i = 0; i < unknown.Count; i++)
        {
            if (!loaded[i].Exists)
            {
                _absent[unknown[i]] = loaded[i]; // for this group only: existence can still turn on elsewhere
            }
        }

        foreach (var item in group)
        {
            if (await DecideAsync(item, overlay) is { } record)
            {
                item.Entry = new JournalEntry { At = now, Referral = record };
                accepted.Add(item);
            }
        }

        if (accepted.Count > 0)
        {
            var seq = _journal.NextSeq;
            var entries = accepted.Select(i => i.Entry!).ToList();
            entries.ForEach(e => e.Seq = seq);
            await _journal.DeliverAsync(await _journal.CommitAsync(entries));
            foreach (var (id, node) in overlay)
            {
                _graph[id] = node;
            }

            foreach (var item in accepted)
            {
                var record = item.Entry!.Referral!;
                item.Completion.TrySetResult(new ReferralOutcome(new ReferralApplied(record.Referee, record.Referrer, record.Bonus), null));
            }
        }
    }

    /// <summary>Checks one apply in the contract's order and, when it stands, records it in the overlay.</summary>
    private async Task<ReferralRecord?> DecideAsync(PendingReferral item, Dictionary<string, GraphNode> overlay)
    {
        var (referee, referrer) = (item.AccountId, item.Code);
        var kind = _users ? AccountKind.User : AccountKind.Provider;
        if (!AccountIds.IsValid(referee) || IReferralGrain.KeyFor(referee) != this.GetPrimaryKeyString())
        {
            item.Fail(ErrorCodes.ValidationFailed, $"{referee} is not a {(_users ? "user" : "provider")} id", "accountId");
            return null;
        }

        if (!AccountIds.IsValid(referrer))
        {
            item.Fail(ErrorCodes.ValidationFailed, "referralCode must be a user or provider id", "referralCode");
            return null;
        }

        if (referee == referrer)
        {
            item.Fail(ErrorCodes.SelfReferral, "an account cannot use its own referral code", "referralCode");
            return null;
        }

        if (!AccountIds.SameKind(referee, referrer))
        {
            item.Fail(ErrorCodes.ReferralKindMismatch, "users refer users and providers refer providers", "referralCode");
            return null;
        }

        var referrerNode = await NodeAsync(referrer, overlay);
        if (!referrerNode.Exists)
        {
            item.Fail(ErrorCodes.AccountNotFound, $"referral code {referrer} names no account", "referralCode");
            return null;
        }

        var refereeNode = await NodeAsync(referee, overlay);
        if (!_users && !refereeNode.Exists)
        {
            item.Fail(ErrorCodes.AccountNotFound, $"provider {referee} has not registered", "providerId");
            return null;
        }

        if (refereeNode.Parent is not null)
        {
            item.Fail(ErrorCodes.ReferrerAlreadySet, $"{referee} already has a referrer ({refereeNode.Parent}); referral relationships are permanent");
            return null;
        }

        var ancestors = new List<string>(2);
        var current = referrerNode;
        for (var depth = 0; current.Parent is { } parent; depth++)
        {
            if (parent == referee || depth > MaxDepth)
            {
                item.Fail(ErrorCodes.ReferralCycle, $"{referrer} is referred, directly or not, by {referee}: the referral would close a cycle", "referralCode");
                return null;
            }

            if (ancestors.Count < 2)
            {
                ancestors.Add(parent);
            }

            current = await NodeAsync(parent, overlay);
        }

        overlay[referee] = refereeNode with { Exists = true, Parent = referrer };
        overlay[referrer] = referrerNode with { Direct = referrerNode.Direct + 1, Secondary = referrerNode.Secondary + refereeNode.Direct };
        if (ancestors.Count > 0)
        {
            var grandparent = await NodeAsync(ancestors[0], overlay);
            overlay[ancestors[0]] = grandparent with { Secondary = grandparent.Secondary + 1 };
        }

        return new ReferralRecord
        {
            Referee = referee,
            Referrer = referrer,
            Ancestors = ancestors,
            RefereeDirect = refereeNode.Direct,
            RefereeSecondary = refereeNode.Secondary,
            Bonus = schedule.DirectBonus(kind),
            ScheduleVersion = schedule.Version,
        };
    }

    /// <summary>The node as this group sees it: its own decisions first, then the committed graph, then the account itself.</summary>
    private async ValueTask<GraphNode> NodeAsync(string accountId, Dictionary<string, GraphNode>? overlay)
    {
        if (overlay is not null && overlay.TryGetValue(accountId, out var pending))
        {
            return pending;
        }

        if (_graph.TryGetValue(accountId, out var known))
        {
            return known;
        }

        if (overlay is not null && _absent.TryGetValue(accountId, out var absent))
        {
            return absent;
        }

        var links = await GrainFactory.Grain<ILedgerAccountGrain>(accountId).GetLinksAsync();
        var node = new GraphNode(_users ? links.Exists : links.Registered, links.ReferrerId, links.Direct, links.Secondary);
        if (node.Exists)
        {
            // Existence only ever turns on, and only this grain changes parents and counts: safe to keep.
            _graph.TryAdd(accountId, node);
            return _graph[accountId];
        }

        return node;
    }

    private static ReferralOutcome Unavailable() =>
        new(null, new LedgerError(ErrorCodes.Unavailable, "the referral could not be confirmed; retry"));
}
