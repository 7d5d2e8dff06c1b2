using Cxmpute.Abstractions;
using Cxmpute.Audit.Checks;
using Cxmpute.Grains;
using Cxmpute.Grains.Journal;
using Cxmpute.Grains.Storage;
using Cxmpute.Rewards;
using Cxmpute.Testing;

namespace Cxmpute.Audit.Tests.Infrastructure;

/// <summary>
/// A small, consistent ledger built in memory: journal entries priced with the real schedule and the referral chains of
/// the moment, and the accounts as a correct API would show them. Tests break one thing and expect the audit to name it.
/// </summary>
internal sealed class LedgerWorld
{
    public static readonly RewardSchedule Schedule = RewardSchedule.Load(Path.Combine(RepoPaths.Root, "silo-config", RewardSchedule.DefaultFileName));

    private readonly Dictionary<string, string> _parents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _seq = new(StringComparer.Ordinal);
    private readonly HashSet<string> _accounts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _registered = new(StringComparer.Ordinal);

    public DateTimeOffset Now { get; set; } = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    public List<(string Journal, JournalEntry Entry)> Referrals { get; } = [];

    public List<(string Journal, JournalEntry Entry)> Awards { get; } = [];

    public IReadOnlyCollection<string> Accounts => _accounts;

    public void Register(string provider)
    {
        _accounts.Add(provider);
        _registered.Add(provider);
    }

    public void User(string user) => _accounts.Add(user);

    public JournalEntry Refer(string referee, string referrer)
    {
        Tick();
        var users = AccountIds.IsUser(referee);
        var journal = LedgerOptions.ReferralJournalId(users);
        var entry = new JournalEntry
        {
            Seq = NextSeq(journal),
            At = Now,
            Referral = new ReferralRecord
            {
                Referee = referee,
                Referrer = referrer,
                Ancestors = Chain(referrer, 2),
                RefereeDirect = Below(referee, 1),
                RefereeSecondary = Below(referee, 2),
                Bonus = Schedule.DirectBonus(users ? AccountKind.User : AccountKind.Provider),
                ScheduleVersion = Schedule.Version,
            },
        };
        _parents[referee] = referrer;
        _accounts.Add(referee);
        _accounts.Add(referrer);
        Referrals.Add((journal, entry));
        return entry;
    }

    public JournalEntry Award(string awardId, string? user, string? provider, string service = "chat", string model = "Llama3-70B", int tokens = 1000, int? latencyMs = 1500)
    {
        Tick();
        WireNames.TryParseService(service, out var kind);
        UserAwardView? userView = null;
        if (user is not null)
        {
            var points = Schedule.PriceUser(kind, tokens);
            userView = new UserAwardView(user, points, Split(AccountKind.User, points, Chain(user, 3)));
            _accounts.Add(user);
        }

        ProviderAwardView? providerView = null;
        string? canonical = null;
        if (provider is not null)
        {
            var price = Schedule.PriceProvider(kind, model, tokens, latencyMs, 24m);
            canonical = price.Model;
            providerView = new ProviderAwardView(provider, price.Tier.ToWire(), price.Complexity, price.BaseReward, price.TokenReward,
                price.PerformanceMultiplier, price.Amount, Split(AccountKind.Provider, price.Amount, Chain(provider, 3)));
        }

        var journal = LedgerOptions.AwardJournalId(JournalRouting.PartitionOf(awardId, LedgerOptions.DefaultAwardJournals));
        var entry = new JournalEntry
        {
            Seq = NextSeq(journal),
            At = Now,
            Award = new AwardRecord
            {
                Fingerprint = "0",
                Service = service,
                Tokens = tokens,
                LatencyMs = latencyMs,
                Model = canonical,
                Result = new AwardResult(awardId, false, userView, providerView, Schedule.Version, Now),
            },
        };
        Awards.Add((journal, entry));
        return entry;
    }

    /// <summary>Every account as a correct deployment would show it.</summary>
    public Dictionary<string, AccountObservation> Observe()
    {
        var credits = _accounts.ToDictionary(a => a, _ => new List<ObservedCredit>(), StringComparer.Ordinal);
        foreach (var (_, entry) in Referrals.Concat(Awards))
        {
            foreach (var (account, effect) in LedgerStorageReader.EffectsOf(entry).Where(e => e.Effect.IsCredit))
            {
                credits[account].Add(new ObservedCredit(effect.AwardId, Kind(effect.Kind), effect.Amount, effect.Source, effect.At, effect.ScheduleVersion));
            }
        }

        return credits.ToDictionary(
            pair => pair.Key,
            pair =>
            {
                var own = pair.Value.Where(c => c.Kind is "usage" or "compute").Sum(c => c.Amount);
                var total = pair.Value.Sum(c => c.Amount);
                return new AccountObservation(pair.Key)
                {
                    Found = true,
                    ReferredBy = _parents.GetValueOrDefault(pair.Key),
                    Earned = own,
                    Referral = total - own,
                    Total = total,
                    Direct = Below(pair.Key, 1),
                    Secondary = Below(pair.Key, 2),
                    Tertiary = Below(pair.Key, 3),
                    Registered = AccountIds.IsProvider(pair.Key) ? _registered.Contains(pair.Key) : null,
                    Entries = pair.Value,
                };
            },
            StringComparer.Ordinal);
    }

    /// <summary>Runs the audit over the journals and the given (possibly tampered) accounts.</summary>
    public AuditResult Audit(IReadOnlyDictionary<string, AccountObservation>? accounts = null, AuditSettings? settings = null, IEnumerable<RewardSchedule>? schedules = null)
    {
        var auditor = new Auditor(schedules ?? [Schedule], settings);
        foreach (var (journal, entry) in Referrals.OrderBy(r => r.Journal, StringComparer.Ordinal))
        {
            auditor.AddReferral(journal, entry);
        }

        auditor.SealGraph();
        foreach (var (journal, entry) in Awards.OrderBy(a => a.Journal, StringComparer.Ordinal))
        {
            auditor.AddAward(journal, entry);
        }

        accounts ??= Observe();
        foreach (var id in auditor.AccountsToRead())
        {
            auditor.Check(accounts.TryGetValue(id, out var observed) ? observed : AccountObservation.NotFound(id));
        }

        return auditor.Finish();
    }

    private static string Kind(EffectKind kind) => kind.ToString().ToLowerInvariant();

    private static List<ReferralCreditView> Split(AccountKind kind, decimal amount, List<string> chain)
    {
        var split = Schedule.ReferralSplit(kind, amount);
        return [.. chain.Select((account, i) => new ReferralCreditView(i + 1, account, split[i]))];
    }

    private List<string> Chain(string account, int max)
    {
        var chain = new List<string>();
        while (chain.Count < max && _parents.TryGetValue(account, out var parent))
        {
            chain.Add(parent);
            account = parent;
        }

        return chain;
    }

    private long Below(string account, int level) =>
        _parents.Keys.Count(referee => Chain(referee, level) is { } chain && chain.Count == level && chain[^1] == account);

    private long NextSeq(string journal) => _seq[journal] = _seq.GetValueOrDefault(journal) + 1;

    private void Tick() => Now += TimeSpan.FromSeconds(1);
}
