using Cxmpute.Abstractions;
using Cxmpute.Grains;
using Cxmpute.Grains.Journal;
using Cxmpute.Grains.Storage;
using Cxmpute.Rewards;

namespace Cxmpute.Audit.Checks;

/// <summary>
/// The audit's checks, on data handed to it: first every referral journal entry (<see cref="AddReferral"/>, in commit
/// order), then <see cref="SealGraph"/>, then every award journal entry (<see cref="AddAward"/>), then each account as
/// the API shows it (<see cref="Check"/>, thread-safe, any order), then <see cref="Finish"/>. Entries are checked as
/// they arrive and only the credits they imply are kept, so memory grows with credits, not with entries.
/// </summary>
public sealed class Auditor
{
    private readonly Dictionary<string, RewardSchedule> _schedules;
    private readonly AuditSettings _settings;
    private readonly ReferralGraph _graph = new();
    private readonly Dictionary<string, List<ExpectedCredit>> _expected = new(StringComparer.Ordinal);
    private readonly HashSet<string> _awardIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _providersThatMustBeRegistered = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stored = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _unknownVersions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastSeq = new(StringComparer.Ordinal);
    private readonly HashSet<string> _checked = new(StringComparer.Ordinal);
    private readonly List<Discrepancy> _discrepancies = [];
    private long _awardEntries;
    private long _referralEntries;
    private long _ledgerEntries;
    private long _creditsExpected;
    private long _grownLater;
    private long _concurrent;

    public Auditor(IEnumerable<RewardSchedule> schedules, AuditSettings? settings = null)
    {
        _schedules = [];
        foreach (var schedule in schedules)
        {
            _schedules.TryAdd(schedule.Version, schedule);
        }

        _settings = settings ?? new AuditSettings();
    }

    /// <summary>Every account a journal entry names, and every account storage listed: the accounts to read.</summary>
    public IReadOnlyCollection<string> AccountsToRead() =>
        [.. _expected.Keys.Concat(_graph.Accounts).Concat(_providersThatMustBeRegistered).Concat(_stored).Distinct(StringComparer.Ordinal)];

    /// <summary>Notes an account that has a snapshot in storage: the API must know it.</summary>
    public void NoteStored(string accountId) => _stored.Add(accountId);

    /// <summary>Checks one referral journal entry against the graph so far and adds its link and its credits.</summary>
    public void AddReferral(string journalId, JournalEntry entry)
    {
        if (_graph.Sealed)
        {
            throw new InvalidOperationException("every referral entry must be added before SealGraph");
        }

        CheckOrder(journalId, entry);
        if (entry.Referral is not { } referral)
        {
            Report(DiscrepancyCodes.JournalOrder, journalId, $"entry {entry.Seq} of a referral journal holds no referral");
            return;
        }

        _referralEntries++;
        _graph.Commit(journalId, entry.Seq, entry.At);
        var (referee, referrer) = (referral.Referee, referral.Referrer);
        var users = journalId == LedgerOptions.ReferralJournalId(users: true);
        var expectedKind = users ? AccountIds.IsUser(referee) : AccountIds.IsProvider(referee);
        if (!AccountIds.IsValid(referee) || !AccountIds.IsValid(referrer) || !AccountIds.SameKind(referee, referrer) || !expectedKind || referee == referrer)
        {
            Report(DiscrepancyCodes.ReferralKind, referee, $"referred by {referrer} in journal {journalId}: both ends must be distinct accounts of the journal's kind");
        }

        if (AccountIds.IsProvider(referee))
        {
            _providersThatMustBeRegistered.Add(referee);
            _providersThatMustBeRegistered.Add(referrer);
        }

        if (Schedule(referral.ScheduleVersion) is { } schedule)
        {
            var bonus = schedule.DirectBonus(AccountIds.IsProvider(referrer) ? AccountKind.Provider : AccountKind.User);
            if (referral.Bonus != bonus)
            {
                Report(DiscrepancyCodes.ReferralFacts, referee, $"direct bonus to {referrer} recorded {referral.Bonus}, schedule {schedule.Version} gives {bonus}");
            }
        }

        if (_graph.ParentOf(referee) is { } existing)
        {
            Report(DiscrepancyCodes.ReferrerTwice, referee, $"referred by {existing.Referrer} ({existing.JournalId} commit {existing.Seq}) and again by {referrer} ({journalId} commit {entry.Seq})");
        }
        else if (_graph.IsAncestorOrSelf(referee, referrer))
        {
            Report(DiscrepancyCodes.ReferralCycle, referee, $"referred by {referrer}, which {referee} already refers (directly or not): a cycle");
        }
        else
        {
            CheckRecordedFacts(referral);
            _graph.Link(referee, new ReferralLink(referrer, journalId, entry.Seq, entry.At));
        }

        Expect(entry);
    }

    /// <summary>Ends the referral phase: computes final ancestors and network counts.</summary>
    public void SealGraph()
    {
        if (!_graph.Sealed)
        {
            _graph.Seal();
        }
    }

    /// <summary>Checks one award journal entry (uniqueness, routing, time, prices, chains) and adds its credits.</summary>
    public void AddAward(string journalId, JournalEntry entry)
    {
        if (!_graph.Sealed)
        {
            throw new InvalidOperationException("SealGraph must be called before awards are added");
        }

        CheckOrder(journalId, entry);
        if (entry.Award is not { } award)
        {
            Report(DiscrepancyCodes.JournalOrder, journalId, $"entry {entry.Seq} of an award journal holds no award");
            return;
        }

        _awardEntries++;
        var result = award.Result;
        var id = result.AwardId;
        if (!_awardIds.Add(id))
        {
            Report(DiscrepancyCodes.AwardTwice, id, $"journaled again in {journalId} commit {entry.Seq}");
        }

        if (_settings.AwardJournals > 0 && LedgerOptions.AwardJournalId(JournalRouting.PartitionOf(id, _settings.AwardJournals)) != journalId)
        {
            Report(DiscrepancyCodes.AwardMisrouted, id, $"in journal {journalId}, routes to {LedgerOptions.AwardJournalId(JournalRouting.PartitionOf(id, _settings.AwardJournals))}");
        }

        if (result.OccurredAt > entry.At + _settings.MaxFutureSkew || result.OccurredAt < entry.At - _settings.MaxAge)
        {
            Report(DiscrepancyCodes.AwardInvalid, id, $"occurredAt {result.OccurredAt:O} is outside the window around its entry time {entry.At:O}");
        }

        if (result.User is null && result.Provider is null)
        {
            Report(DiscrepancyCodes.AwardInvalid, id, "credits neither a user nor a provider");
        }

        if (result.User is { } user && !AccountIds.IsUser(user.AccountId))
        {
            Report(DiscrepancyCodes.AwardInvalid, id, $"user side names {user.AccountId}, not a user id");
        }

        if (result.Provider is { } provider)
        {
            if (!AccountIds.IsProvider(provider.AccountId))
            {
                Report(DiscrepancyCodes.AwardInvalid, id, $"provider side names {provider.AccountId}, not a provider id");
            }

            _providersThatMustBeRegistered.Add(provider.AccountId);
        }

        if (Schedule(result.ScheduleVersion) is { } schedule)
        {
            try
            {
                foreach (var problem in AwardPricing.Problems(schedule, award))
                {
                    Report(DiscrepancyCodes.AwardPrice, id, problem);
                }
            }
            catch (Exception ex) when (ex is ArgumentException or ArithmeticException or InvalidOperationException)
            {
                Report(DiscrepancyCodes.AwardPrice, id, "cannot be re-priced: " + ex.Message);
            }
        }

        if (result.User is { } u)
        {
            CheckChain(id, entry.At, u.AccountId, u.Referrals);
        }

        if (result.Provider is { } p)
        {
            CheckChain(id, entry.At, p.AccountId, p.Referrals);
        }

        Expect(entry);
    }

    /// <summary>Checks one account as the API shows it against the journals and the graph. Thread-safe.</summary>
    public void Check(AccountObservation account)
    {
        var id = account.AccountId;
        var problems = new List<Discrepancy>();
        lock (_checked)
        {
            _checked.Add(id);
        }

        _expected.TryGetValue(id, out var expected);
        if (account.Error is { } error)
        {
            problems.Add(new(DiscrepancyCodes.AccountUnreadable, id, error));
        }
        else if (!account.Found)
        {
            var named = expected is not null || _graph.ParentOf(id) is not null || _graph.Counts(id) != default
                || _providersThatMustBeRegistered.Contains(id) || _stored.Contains(id);
            if (named)
            {
                problems.Add(new(DiscrepancyCodes.AccountMissing, id,
                    $"the API does not know it, but {(_stored.Contains(id) ? "storage holds its snapshot" : "a journal names it")}"
                    + (expected is null ? "" : $" ({expected.Count} credits expected)")));
            }
        }
        else
        {
            CheckLedger(account, expected ?? [], problems);
            CheckGraph(account, problems);
            if (_providersThatMustBeRegistered.Contains(id) && account.Registered != true)
            {
                problems.Add(new(DiscrepancyCodes.ProviderUnregistered, id, "earned or took part in a referral, but has no registered hardware"));
            }
        }

        lock (_discrepancies)
        {
            _discrepancies.AddRange(problems);
            _ledgerEntries += account.Entries.Count;
        }
    }

    /// <summary>Ends the audit: reports unknown schedule versions and accounts that were never checked.</summary>
    public AuditResult Finish()
    {
        foreach (var (version, count) in _unknownVersions)
        {
            Report(DiscrepancyCodes.UnknownSchedule, version, $"{count} entries were priced by schedule version {version}, which the audit was not given (--schedule)");
        }

        foreach (var id in AccountsToRead().Where(id => !_checked.Contains(id)))
        {
            Report(DiscrepancyCodes.AccountUnreadable, id, "named by storage or a journal, but never read");
        }

        var counts = new AuditCounts
        {
            AwardEntries = _awardEntries,
            ReferralEntries = _referralEntries,
            AccountsChecked = _checked.Count,
            AccountsInStorage = _stored.Count,
            LedgerEntries = _ledgerEntries,
            CreditsExpected = _creditsExpected,
            ReferralLinks = _graph.Links,
            ChainsGrownLater = _grownLater,
            ChainsConcurrent = _concurrent,
        };
        return new AuditResult(counts, [.. _discrepancies]);
    }

    private void CheckOrder(string journalId, JournalEntry entry)
    {
        if (_lastSeq.TryGetValue(journalId, out var last) && entry.Seq < last)
        {
            Report(DiscrepancyCodes.JournalOrder, journalId, $"entry with commit {entry.Seq} after commit {last}");
        }

        _lastSeq[journalId] = Math.Max(last, entry.Seq);
    }

    private void CheckRecordedFacts(ReferralRecord referral)
    {
        var ancestors = _graph.Ancestors(referral.Referrer, 2);
        if (!ancestors.SequenceEqual(referral.Ancestors, StringComparer.Ordinal))
        {
            Report(DiscrepancyCodes.ReferralFacts, referral.Referee,
                $"recorded the ancestors of {referral.Referrer} as [{string.Join(", ", referral.Ancestors)}], the graph had [{string.Join(", ", ancestors)}]");
        }

        var (direct, secondary) = _graph.CurrentCounts(referral.Referee);
        if (referral.RefereeDirect != direct || referral.RefereeSecondary != secondary)
        {
            Report(DiscrepancyCodes.ReferralFacts, referral.Referee,
                $"recorded its network as {referral.RefereeDirect} direct / {referral.RefereeSecondary} secondary, the graph had {direct} / {secondary}");
        }
    }

    private void CheckChain(string awardId, DateTimeOffset at, string earner, IReadOnlyList<ReferralCreditView> credits)
    {
        var path = _graph.Ancestors(earner, 3);
        var chain = credits.Select(c => c.AccountId).ToList();
        var isPrefix = chain.Count <= path.Count && chain.Zip(path).All(p => p.First == p.Second);
        if (!isPrefix)
        {
            Report(DiscrepancyCodes.AwardChain, awardId,
                $"credited {earner}'s chain as [{string.Join(", ", chain)}], not a prefix of its ancestors [{string.Join(", ", path)}]");
            return;
        }

        if (chain.Count == path.Count)
        {
            return;
        }

        // The chain stopped early: the link above its last member must have come after the award (rule: late-subtree).
        var below = chain.Count == 0 ? earner : chain[^1];
        var link = _graph.ParentOf(below)!;
        if (link.At >= at)
        {
            _grownLater++;
            return;
        }

        var visibleBy = _graph.FirstCommitAfter(link.JournalId, link.Seq);
        if (visibleBy <= at || at - link.At > _settings.RaceWindow)
        {
            Report(DiscrepancyCodes.AwardChainMissingLink, awardId,
                $"did not credit {link.Referrer} (level {chain.Count + 1} above {earner}), though {below} joined {link.Referrer} at {link.At:O} "
                + $"({link.JournalId} commit {link.Seq}), before the award's entry time {at:O}"
                + (visibleBy <= at ? $"; a later referral commit at {visibleBy:O} proves the link was visible" : $"; more than {_settings.RaceWindow.TotalSeconds:F0} s before"));
            return;
        }

        _concurrent++;
    }

    private void CheckLedger(AccountObservation account, List<ExpectedCredit> expected, List<Discrepancy> problems)
    {
        var id = account.AccountId;
        var sum = 0m;
        var own = 0m;
        var actual = new Dictionary<(string AwardId, string Kind), ObservedCredit>();
        foreach (var entry in account.Entries)
        {
            sum += entry.Amount;
            own += CreditKinds.IsOwn(entry.Kind) ? entry.Amount : 0m;
            if (!actual.TryAdd((entry.AwardId, entry.Kind), entry))
            {
                problems.Add(new(DiscrepancyCodes.LedgerDuplicate, id, $"award {entry.AwardId} {entry.Kind} appears twice"));
            }
        }

        if (account.Total != sum || account.Earned != own || account.Referral != sum - own || account.Total != account.Earned + account.Referral)
        {
            problems.Add(new(DiscrepancyCodes.LifetimeMismatch, id,
                $"lifetime earned {account.Earned} / referral {account.Referral} / total {account.Total}, ledger sums {own} / {sum - own} / {sum} over {account.Entries.Count} entries"));
        }

        foreach (var credit in expected)
        {
            var kind = CreditKinds.Name(credit.Kind);
            if (!actual.Remove((credit.AwardId, kind), out var found))
            {
                problems.Add(new(DiscrepancyCodes.CreditMissing, id, $"award {credit.AwardId} {kind} {credit.Amount} (from {credit.Source}) is not in the ledger"));
            }
            else if (found.Amount != credit.Amount || found.Source != credit.Source || found.At != credit.At || found.ScheduleVersion != credit.ScheduleVersion)
            {
                problems.Add(new(DiscrepancyCodes.CreditMismatch, id,
                    $"award {credit.AwardId} {kind}: ledger has {found.Amount} from {found.Source} at {found.At:O} ({found.ScheduleVersion}), "
                    + $"journal implies {credit.Amount} from {credit.Source} at {credit.At:O} ({credit.ScheduleVersion})"));
            }
        }

        foreach (var ((awardId, kind), entry) in actual)
        {
            problems.Add(new(DiscrepancyCodes.CreditUnexpected, id, $"award {awardId} {kind} {entry.Amount} (from {entry.Source}) is in the ledger, but no journal entry implies it"));
        }
    }

    private void CheckGraph(AccountObservation account, List<Discrepancy> problems)
    {
        var id = account.AccountId;
        var parent = _graph.ParentOf(id)?.Referrer;
        if (account.ReferredBy != parent)
        {
            problems.Add(new(DiscrepancyCodes.ReferrerMismatch, id, $"referredBy {account.ReferredBy ?? "null"}, the referral journal says {parent ?? "null"}"));
        }

        var counts = _graph.Counts(id);
        if ((account.Direct, account.Secondary, account.Tertiary) != counts)
        {
            problems.Add(new(DiscrepancyCodes.NetworkCount, id,
                $"direct / secondary / tertiary {account.Direct} / {account.Secondary} / {account.Tertiary}, the graph gives {counts.Direct} / {counts.Secondary} / {counts.Tertiary}"));
        }
    }

    private void Expect(JournalEntry entry)
    {
        foreach (var (account, effect) in LedgerStorageReader.EffectsOf(entry))
        {
            if (!effect.IsCredit)
            {
                continue;
            }

            if (!_expected.TryGetValue(account, out var list))
            {
                _expected[account] = list = [];
            }

            list.Add(new ExpectedCredit(effect.AwardId, effect.Kind, effect.Amount, effect.Source, effect.At, effect.ScheduleVersion));
            _creditsExpected++;
        }
    }

    private RewardSchedule? Schedule(string version)
    {
        if (_schedules.TryGetValue(version, out var schedule))
        {
            return schedule;
        }

        _unknownVersions[version] = _unknownVersions.GetValueOrDefault(version) + 1;
        return null;
    }

    private void Report(string code, string subject, string detail)
    {
        lock (_discrepancies)
        {
            _discrepancies.Add(new Discrepancy(code, subject, detail));
        }
    }
}
