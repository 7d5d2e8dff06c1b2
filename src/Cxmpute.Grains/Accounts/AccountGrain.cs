using System.Globalization;
using System.Text;
using Cxmpute.Abstractions;
using Cxmpute.Grains.Journal;
using Cxmpute.Grains.Referrals;
using Cxmpute.Grains.Storage;
using Cxmpute.Grains.Storage.Ledger;
using Cxmpute.Rewards;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Utilities;

namespace Cxmpute.Grains.Accounts;

/// <summary>
/// A user or provider account. Journals deliver effects in commit order; the account applies each commit once
/// (it keeps the last sequence applied per journal) and persists lazily: when a journal checkpoints, when it is
/// deactivated, and at once for registrations. On activation it asks every journal for the commits it has not
/// applied yet, so a crash between delivery and persistence loses nothing.
/// Placement is random, like the journals': Orleans' default (resource-optimized) keeps new activations on the silo
/// that asked for them while the silos are equally idle, so every account would land on the front end's gateway silo.
/// </summary>
[RandomPlacement]
public sealed class AccountGrain(
    IAccountStore store,
    ILedgerPageStore pages,
    RewardSchedule schedule,
    IOptions<LedgerOptions> options,
    LedgerClock time,
    ILogger<AccountGrain> logger) : Grain, ILedgerAccountGrain
{
    private readonly LedgerOptions _options = options.Value;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private const int MaxKnownLocations = 1024;
    private readonly List<SealedPage> _unwritten = [];
    private readonly Dictionary<int, PageLocation> _locations = [];
    private readonly HashSet<string> _caughtUp = new(StringComparer.Ordinal);
    private AccountState _state = new();
    private Dictionary<string, long> _durableApplied = new(StringComparer.Ordinal);
    private string? _etag;
    private long _version;
    private long _durableVersion;
    private ObserverManager<IAccountObserver>? _observers;
    private DateTimeOffset _lastNotified;
    private IGrainTimer? _notifyLater;
    private bool _stale;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (await store.ReadAsync(Id, cancellationToken) is { } stored)
        {
            _state = LedgerJson.Unpack(stored.Data, LedgerJson.Default.AccountState);
            _etag = stored.ETag;
            if (_state.Format < AccountState.CurrentFormat)
            {
                // Written when every sealed page was a row of its own: those stay where they are, later ones go to segments.
                _state.LegacyPages = _state.Sealed;
                _state.Format = AccountState.CurrentFormat;
            }
        }
        else
        {
            _state = new AccountState { PageSize = _options.LedgerPageSize };
        }

        _durableApplied = new Dictionary<string, long>(_state.Applied, StringComparer.Ordinal);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_version == _durableVersion || _stale)
        {
            return; // a stale activation's write would only conflict again; the next activation reads what won
        }

        try
        {
            await EnsureDurableAsync(() => _durableVersion == _version);
        }
        catch (Exception ex)
        {
            // Nothing is lost: the journals keep these commits until this account confirms them durable.
            logger.LogWarning(ex, "Account {Account} could not persist on deactivation", Id);
        }
    }

    public async Task ApplyAsync(EffectBatch batch)
    {
        await CatchUpAsync(batch.JournalId);
        Apply(batch);
        Notify();
    }

    public Task SubscribeAsync(IAccountObserver observer)
    {
        _observers ??= new ObserverManager<IAccountObserver>(TimeSpan.FromMinutes(5), logger);
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IAccountObserver observer)
    {
        _observers?.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>Tells observers that the account changed, at most every 250 ms (a trailing call catches the rest).</summary>
    private void Notify()
    {
        if (_observers is null || _observers.Count == 0 || _notifyLater is not null)
        {
            return;
        }

        // On the ledger's clock, which tests move; never more than the interval, even when that clock moved back.
        var interval = TimeSpan.FromMilliseconds(250);
        var now = time.GetUtcNow();
        var wait = _lastNotified + interval - now;
        wait = wait > interval ? interval : wait;
        if (wait <= TimeSpan.Zero)
        {
            _lastNotified = now;
            _observers.Notify(o => o.AccountChanged(Id));
            return;
        }

        _notifyLater = this.RegisterGrainTimer(() =>
        {
            _notifyLater?.Dispose();
            _notifyLater = null;
            _lastNotified = time.GetUtcNow();
            _observers?.Notify(o => o.AccountChanged(Id));
            return Task.CompletedTask;
        }, wait, Timeout.InfiniteTimeSpan);
    }

    public async Task<long> FlushAsync(string journalId, long seq)
    {
        await CatchUpAsync(journalId);
        if (_state.Applied.GetValueOrDefault(journalId) < seq)
        {
            throw new InvalidOperationException($"account {Id} has not applied commit {seq} of journal {journalId}");
        }

        await EnsureDurableAsync(() => _durableApplied.GetValueOrDefault(journalId) >= seq);
        return _durableApplied.GetValueOrDefault(journalId);
    }

    public async Task<AccountLinks> GetLinksAsync()
    {
        // Referrer and network counts only ever come from the referral journal of this kind.
        await CatchUpAsync(ReferralJournalId);
        return new AccountLinks(_state.Exists, _state.Registered, _state.VramGb, _state.ReferrerId, _state.Direct, _state.Secondary);
    }

    public async Task<ProviderRegistration> RegisterProviderAsync(decimal vramGb)
    {
        if (!AccountIds.IsProvider(Id))
        {
            throw new ArgumentException($"{Id} is not a provider id");
        }

        var tier = schedule.HardwareTierFor(vramGb);
        _state.Exists = true;
        _state.Registered = true;
        _state.VramGb = RewardSchedule.Normalize(vramGb);
        _state.Since ??= time.GetUtcNow();
        var version = ++_version;
        await EnsureDurableAsync(() => _durableVersion >= version);
        Notify();
        return new ProviderRegistration(Id, _state.VramGb.Value, tier.ToWire());
    }

    public async Task EnsureUserAsync()
    {
        if (!AccountIds.IsUser(Id))
        {
            throw new ArgumentException($"{Id} is not a user id");
        }

        if (_state.Exists)
        {
            return;
        }

        _state.Exists = true;
        _state.Since ??= time.GetUtcNow();
        var version = ++_version;
        await EnsureDurableAsync(() => _durableVersion >= version);
    }

    public async Task<AccountStatsView?> GetStatsAsync()
    {
        await CatchUpAllAsync();
        if (!_state.Exists)
        {
            ForgetIfNeverSeen();
            return null;
        }

        return AccountStatsBuilder.Build(Id, _state, schedule, time.GetUtcNow());
    }

    public async Task<LedgerPageView?> GetLedgerAsync(string? cursor, int limit)
    {
        await CatchUpAllAsync();
        if (!_state.Exists)
        {
            ForgetIfNeverSeen();
            return null;
        }

        var pageSize = _state.PageSize;
        var count = (_state.Sealed * pageSize) + _state.Open.Count;
        var upper = cursor is null ? count : ParseCursor(cursor, count);
        var lower = Math.Max(0, upper - Math.Clamp(limit, 1, 1000));
        var entries = new List<LedgerEntryView>(upper - lower);
        var page = -1;
        List<LedgerRecord> records = [];
        for (var position = upper - 1; position >= lower; position--)
        {
            if (position / pageSize != page)
            {
                page = position / pageSize;
                records = page == _state.Sealed ? _state.Open.ToList() : LedgerJson.Unpack(await ReadPageAsync(page), LedgerJson.Default.ListLedgerRecord);
            }

            var record = records[position % pageSize];
            entries.Add(new LedgerEntryView(record.AwardId, record.Kind, record.Amount, record.Source, record.At, record.ScheduleVersion));
        }

        return new LedgerPageView(entries, lower > 0 ? FormatCursor(lower) : null);
    }

    /// <summary>
    /// A read of an account never seen (a mistyped or guessed id) answers 404 and does not keep an activation: nothing to
    /// write, and no one listening, so the grain goes at once instead of after the idle time.
    /// </summary>
    private void ForgetIfNeverSeen()
    {
        if (!_state.Exists && _version == _durableVersion && _observers is not { Count: > 0 })
        {
            DeactivateOnIdle();
        }
    }

    private void Apply(EffectBatch batch)
    {
        if (_state.Applied.GetValueOrDefault(batch.JournalId) >= batch.Seq)
        {
            return; // a replay of a commit this account already has
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        foreach (var effect in batch.Effects)
        {
            _state.Since ??= effect.At;
            if (AccountLedger.Apply(_state, effect, today) is { } sealedPage)
            {
                _unwritten.Add(new SealedPage(_state.Sealed - 1, sealedPage));
            }
        }

        _state.Applied[batch.JournalId] = batch.Seq;
        _version++;
    }

    private string ReferralJournalId => LedgerOptions.ReferralJournalId(IReferralGrain.KeyFor(Id) == IReferralGrain.Users);

    /// <summary>
    /// Before this activation applies anything from a journal, it takes that journal's commits it may have lost
    /// (applied in memory by an earlier activation that died before persisting them). Per journal, so that an
    /// activation never waits on journals other than the one talking to it.
    /// </summary>
    private async Task CatchUpAsync(string journalId)
    {
        if (_caughtUp.Contains(journalId))
        {
            return;
        }

        var after = Applied(journalId);
        var pending = journalId == ReferralJournalId
            ? await GrainFactory.Grain<IReferralJournalGrain>(IReferralGrain.KeyFor(Id)).GetPendingAsync(Id, after)
            : await GrainFactory.Grain<IAwardJournalGrain>(long.Parse(journalId.AsSpan(1), CultureInfo.InvariantCulture)).GetPendingAsync(Id, after);
        if (_caughtUp.Add(journalId))
        {
            foreach (var batch in pending)
            {
                Apply(batch);
            }
        }
    }

    /// <summary>For reads: everything any journal still holds for this account. Bounded; a journal that cannot answer makes the read fail (503), not hang.</summary>
    private Task CatchUpAllAsync() =>
        _caughtUp.Count == _options.AwardJournals + 1
            ? Task.CompletedTask
            : Task.WhenAll(Enumerable.Range(0, _options.AwardJournals).Select(i => LedgerOptions.AwardJournalId(i)).Append(ReferralJournalId).Select(CatchUpAsync))
                .WaitAsync(_options.SubmitTimeout);

    private long Applied(string journalId) => _state.Applied.GetValueOrDefault(journalId);

    private async Task EnsureDurableAsync(Func<bool> done)
    {
        if (done())
        {
            return;
        }

        await _writeLock.WaitAsync();
        try
        {
            if (!done())
            {
                await WriteAsync();
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task WriteAsync()
    {
        if (_stale)
        {
            throw new StorageConflictException($"account {Id}: this activation is stale and deactivating; retry");
        }

        // Pages first, then the snapshot that points to the newest of them: a snapshot never names a page that is not
        // durable. The snapshot is taken only once no sealed page waits (credits applied meanwhile may seal another),
        // so the page count it records and the page it points to always agree.
        while (_unwritten.Count > 0)
        {
            await AppendPagesAsync();
        }

        var data = LedgerJson.Pack(_state, LedgerJson.Default.AccountState);
        var applied = new Dictionary<string, long>(_state.Applied, StringComparer.Ordinal);
        var version = _version;
        try
        {
            _etag = await store.WriteAsync(Id, data, _etag);
        }
        catch (StorageConflictException)
        {
            // The stored row moved on without this activation: another activation wrote, or an earlier write of this
            // one whose answer was lost (a timeout) did land. Either way this activation is stale: the next one reads
            // the row and takes what it lacks from the journals, which keep every commit until accounts confirm it.
            // Pages it appended that no snapshot points to are never read.
            _stale = true;
            DeactivateOnIdle();
            throw;
        }

        _durableApplied = applied;
        _durableVersion = version;
    }

    /// <summary>Writes the sealed pages waiting here into a ledger segment; the next snapshot points to the newest.</summary>
    private async Task AppendPagesAsync()
    {
        var appending = _unwritten.ToList();
        var locations = await pages.AppendAsync(Id, PageLocation.Parse(_state.LastPage), appending);
        for (var i = 0; i < appending.Count; i++)
        {
            Remember(appending[i].Index, locations[i]);
        }

        _unwritten.RemoveRange(0, appending.Count);
        _state.LastPage = locations[^1].ToString();
    }

    /// <summary>The stored bytes of sealed page <paramref name="index"/> (gzipped JSON of its credits).</summary>
    private async Task<byte[]> ReadPageAsync(int index)
    {
        if (_unwritten.FirstOrDefault(p => p.Index == index) is { } unwritten)
        {
            return unwritten.Data;
        }

        if (index < _state.LegacyPages)
        {
            return await store.ReadLegacyPageAsync(Id, index)
                ?? throw new InvalidDataException($"account {Id} ledger page {index} is missing");
        }

        // Walk back from the nearest page whose location is known (the newest is in the snapshot): each page names
        // the one before it. Reads newest first, as history is paged, so a page is read once per activation.
        if (_locations.Count == 0 && PageLocation.Parse(_state.LastPage) is { } last)
        {
            Remember(_state.Sealed - 1 - _unwritten.Count, last);
        }

        var known = _locations.Keys.Where(k => k >= index).DefaultIfEmpty(-1).Min();
        if (known < 0)
        {
            throw new InvalidDataException($"account {Id} has no location for ledger page {index}");
        }

        for (var at = known; ; at--)
        {
            var location = _locations[at];
            var page = await pages.ReadAsync(location);
            if (page is null || page.AccountId != Id || page.Index != at)
            {
                throw new InvalidDataException($"account {Id} ledger page {at} is not at {location}");
            }

            if (at == index)
            {
                return page.Data;
            }

            Remember(at - 1, page.Previous ?? throw new InvalidDataException($"account {Id} ledger page {at} names no page before it"));
        }
    }

    private void Remember(int index, PageLocation location)
    {
        if (_locations.Count >= MaxKnownLocations)
        {
            _locations.Clear();
        }

        _locations[index] = location;
    }

    private static string FormatCursor(int position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("v1:" + position.ToString(CultureInfo.InvariantCulture))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static int ParseCursor(string cursor, int count)
    {
        try
        {
            var text = cursor.Replace('-', '+').Replace('_', '/');
            text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(text));
            return decoded.StartsWith("v1:", StringComparison.Ordinal)
                && int.TryParse(decoded.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var position)
                && position <= count ? position : 0;
        }
        catch (FormatException)
        {
            return 0;
        }
    }
}
