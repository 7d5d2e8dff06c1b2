using Cxmpute.Abstractions;
using Cxmpute.Audit.Checks;
using Cxmpute.Audit.Tests.Infrastructure;
using Cxmpute.Grains;
using Cxmpute.Grains.Journal;

namespace Cxmpute.Audit.Tests;

/// <summary>The checks on in-memory inputs: a consistent ledger passes; each kind of damage is named, with its account or award.</summary>
public sealed class AuditorTests
{
    private readonly LedgerWorld _world = new();

    public AuditorTests()
    {
        // Users u1 <- u2 <- u3 and providers p1 <- p2, with awards before and after the chains formed.
        _world.User("usr_u1");
        _world.Register("prov_p1");
        _world.Register("prov_p2");
        _world.Award("a-0", "usr_u3", "prov_p2");
        _world.Refer("usr_u2", "usr_u1");
        _world.Refer("usr_u3", "usr_u2");
        _world.Refer("prov_p2", "prov_p1");
        _world.Award("a-1", "usr_u3", "prov_p2");
        _world.Award("a-2", "usr_u2", null, service: "embeddings", tokens: 333);
        _world.Award("a-3", null, "prov_p2", service: "tts", model: "gemma-2b", latencyMs: 20_000);
    }

    [Fact]
    public void A_consistent_ledger_passes()
    {
        var result = _world.Audit();

        Assert.True(result.Passed, string.Join("\n", result.Discrepancies));
        Assert.Equal(4, result.Counts.AwardEntries);
        Assert.Equal(3, result.Counts.ReferralEntries);
        Assert.Equal(5, result.Counts.AccountsChecked);
        Assert.Equal(result.Counts.CreditsExpected, result.Counts.LedgerEntries);
        Assert.Equal(2, result.Counts.ChainsGrownLater); // a-0 was priced before u3 and p2 were referred
    }

    [Fact]
    public void A_missing_ledger_entry_is_named()
    {
        var accounts = _world.Observe();
        var u1 = accounts["usr_u1"];
        var dropped = u1.Entries.Single(e => e.AwardId == "a-1");
        accounts["usr_u1"] = u1 with { Entries = [.. u1.Entries.Where(e => e != dropped)], Referral = u1.Referral - dropped.Amount, Total = u1.Total - dropped.Amount };

        var problem = Assert.Single(_world.Audit(accounts).Discrepancies);

        Assert.Equal((DiscrepancyCodes.CreditMissing, "usr_u1"), (problem.Code, problem.Subject));
        Assert.Contains("a-1 secondary", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_credit_paid_twice_is_named()
    {
        var accounts = _world.Observe();
        var p2 = accounts["prov_p2"];
        var twice = p2.Entries.First(e => e.AwardId == "a-3");
        accounts["prov_p2"] = p2 with { Entries = [.. p2.Entries, twice], Earned = p2.Earned + twice.Amount, Total = p2.Total + twice.Amount };

        var problem = Assert.Single(_world.Audit(accounts).Discrepancies);

        Assert.Equal((DiscrepancyCodes.LedgerDuplicate, "prov_p2"), (problem.Code, problem.Subject));
        Assert.Contains("a-3 compute", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lifetime_that_differs_from_the_ledger_by_a_millionth_is_named()
    {
        var accounts = _world.Observe();
        accounts["usr_u2"] = accounts["usr_u2"] with { Total = accounts["usr_u2"].Total + 0.000001m };

        var problem = Assert.Single(_world.Audit(accounts).Discrepancies);

        Assert.Equal((DiscrepancyCodes.LifetimeMismatch, "usr_u2"), (problem.Code, problem.Subject));
    }

    [Fact]
    public void A_lifetime_split_between_the_wrong_kinds_is_named()
    {
        var accounts = _world.Observe();
        var u2 = accounts["usr_u2"];
        accounts["usr_u2"] = u2 with { Earned = u2.Earned + 1m, Referral = u2.Referral - 1m };

        Assert.Equal(DiscrepancyCodes.LifetimeMismatch, Assert.Single(_world.Audit(accounts).Discrepancies).Code);
    }

    [Fact]
    public void A_ledger_amount_that_differs_from_the_journal_is_named()
    {
        var accounts = _world.Observe();
        var u3 = accounts["usr_u3"];
        var usage = u3.Entries.Single(e => e.AwardId == "a-1");
        var changed = usage with { Amount = usage.Amount + 0.5m };
        accounts["usr_u3"] = u3 with { Entries = [.. u3.Entries.Select(e => e == usage ? changed : e)], Earned = u3.Earned + 0.5m, Total = u3.Total + 0.5m };

        var problem = Assert.Single(_world.Audit(accounts).Discrepancies);

        Assert.Equal((DiscrepancyCodes.CreditMismatch, "usr_u3"), (problem.Code, problem.Subject));
    }

    [Fact]
    public void A_ledger_entry_no_journal_implies_is_named()
    {
        var accounts = _world.Observe();
        var u1 = accounts["usr_u1"];
        var stray = new ObservedCredit("a-ghost", "primary", 0.15m, "usr_u2", _world.Now, LedgerWorld.Schedule.Version);
        accounts["usr_u1"] = u1 with { Entries = [.. u1.Entries, stray], Referral = u1.Referral + 0.15m, Total = u1.Total + 0.15m };

        var problem = Assert.Single(_world.Audit(accounts).Discrepancies);

        Assert.Equal((DiscrepancyCodes.CreditUnexpected, "usr_u1"), (problem.Code, problem.Subject));
        Assert.Contains("a-ghost", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_award_that_does_not_reprice_is_named()
    {
        var entry = _world.Awards.Single(a => a.Entry.Award!.Result.AwardId == "a-3").Entry;
        var provider = entry.Award!.Result.Provider!;
        entry.Award.Result = entry.Award.Result with { Provider = provider with { Amount = provider.Amount + 0.0001m } };

        var problems = _world.Audit().Discrepancies;

        Assert.Contains(problems, p => p is { Code: DiscrepancyCodes.AwardPrice, Subject: "a-3" });
    }

    [Fact]
    public void A_referral_split_of_the_wrong_amount_is_named()
    {
        var entry = _world.Awards.Single(a => a.Entry.Award!.Result.AwardId == "a-1").Entry;
        var user = entry.Award!.Result.User!;
        entry.Award.Result = entry.Award.Result with { User = user with { Referrals = [user.Referrals[0] with { Amount = 0.2m }, user.Referrals[1]] } };

        var problem = Assert.Single(_world.Audit().Discrepancies);

        Assert.Equal((DiscrepancyCodes.AwardPrice, "a-1"), (problem.Code, problem.Subject));
        Assert.Contains("level 1", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_award_journaled_twice_is_named()
    {
        _world.Award("a-1", "usr_u3", "prov_p2");

        Assert.Contains(_world.Audit().Discrepancies, p => p is { Code: DiscrepancyCodes.AwardTwice, Subject: "a-1" });
    }

    [Fact]
    public void An_award_in_the_wrong_journal_is_named()
    {
        var (journal, entry) = _world.Awards[0];
        var other = journal == "a0" ? "a1" : "a0";
        _world.Awards[0] = (other, entry);

        Assert.Contains(_world.Audit().Discrepancies, p => p is { Code: DiscrepancyCodes.AwardMisrouted, Subject: "a-0" });
    }

    [Fact]
    public void An_award_outside_the_time_window_is_named()
    {
        var entry = _world.Awards[1].Entry;
        entry.Award!.Result = entry.Award.Result with { OccurredAt = entry.At - TimeSpan.FromDays(31) };

        Assert.Contains(_world.Audit().Discrepancies, p => p is { Code: DiscrepancyCodes.AwardInvalid, Subject: "a-1" });
    }

    [Fact]
    public void An_account_referred_twice_is_named()
    {
        _world.User("usr_u9");
        _world.Refer("usr_u3", "usr_u9");

        var problems = _world.Audit().Discrepancies;

        Assert.Contains(problems, p => p is { Code: DiscrepancyCodes.ReferrerTwice, Subject: "usr_u3" });
    }

    [Fact]
    public void A_cycle_is_named()
    {
        _world.Refer("usr_u1", "usr_u3");

        Assert.Contains(_world.Audit().Discrepancies, p => p is { Code: DiscrepancyCodes.ReferralCycle, Subject: "usr_u1" });
    }

    [Fact]
    public void A_referral_across_kinds_is_named()
    {
        var entry = _world.Refer("usr_u7", "usr_u1");
        entry.Referral!.Referrer = "prov_p1";

        Assert.Contains(_world.Audit().Discrepancies, p => p is { Code: DiscrepancyCodes.ReferralKind, Subject: "usr_u7" });
    }

    [Fact]
    public void A_referral_with_wrong_recorded_facts_is_named()
    {
        var entry = _world.Referrals.Single(r => r.Entry.Referral!.Referee == "usr_u3").Entry;
        entry.Referral!.Ancestors = [];
        entry.Referral.Bonus = 50m;

        var problems = _world.Audit().Discrepancies.Where(p => p.Code == DiscrepancyCodes.ReferralFacts).ToList();

        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal("usr_u3", p.Subject));
    }

    [Fact]
    public void Network_counts_that_differ_from_the_graph_are_named()
    {
        var accounts = _world.Observe();
        accounts["usr_u1"] = accounts["usr_u1"] with { Secondary = 2 };

        var problem = Assert.Single(_world.Audit(accounts).Discrepancies);

        Assert.Equal((DiscrepancyCodes.NetworkCount, "usr_u1"), (problem.Code, problem.Subject));
    }

    [Fact]
    public void A_referrer_that_differs_from_the_graph_is_named()
    {
        var accounts = _world.Observe();
        accounts["prov_p2"] = accounts["prov_p2"] with { ReferredBy = null };

        var problem = Assert.Single(_world.Audit(accounts).Discrepancies);

        Assert.Equal((DiscrepancyCodes.ReferrerMismatch, "prov_p2"), (problem.Code, problem.Subject));
    }

    [Fact]
    public void A_chain_that_is_not_the_earners_ancestry_is_named()
    {
        var entry = _world.Awards.Single(a => a.Entry.Award!.Result.AwardId == "a-1").Entry;
        var user = entry.Award!.Result.User!;
        entry.Award.Result = entry.Award.Result with { User = user with { Referrals = [user.Referrals[1] with { Level = 1 }, user.Referrals[0] with { Level = 2 }] } };

        Assert.Contains(_world.Audit().Discrepancies, p => p is { Code: DiscrepancyCodes.AwardChain, Subject: "a-1" });
    }

    [Fact]
    public void A_chain_missing_a_link_made_long_before_the_award_is_named()
    {
        // u3 joined u2 in the last user referral commit; an award to u3 ten minutes later credits no chain at all.
        _world.Now += TimeSpan.FromMinutes(10);
        var entry = _world.Award("a-late", "usr_u3", null);
        entry.Award!.Result = entry.Award.Result with { User = entry.Award.Result.User! with { Referrals = [] } };

        var problem = Assert.Single(_world.Audit().Discrepancies);

        Assert.Equal((DiscrepancyCodes.AwardChainMissingLink, "a-late"), (problem.Code, problem.Subject));
        Assert.Contains("did not credit usr_u2", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("more than 60 s", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_missing_a_link_that_a_later_referral_commit_proves_visible_is_named()
    {
        // u2 joined u1 at t; then another user referral committed at t+3s; an award at t+5s must include u1.
        var entry = _world.Award("a-late", "usr_u3", null);
        var user = entry.Award!.Result.User!;
        entry.Award.Result = entry.Award.Result with { User = user with { Referrals = [user.Referrals[0]] } };

        var problem = Assert.Single(_world.Audit().Discrepancies);

        Assert.Equal((DiscrepancyCodes.AwardChainMissingLink, "a-late"), (problem.Code, problem.Subject));
        Assert.Contains("proves", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_missing_a_link_that_may_still_have_been_in_flight_is_a_race_not_a_discrepancy()
    {
        // The last user referral (u3 -> u2) and an award to u3 a second later that does not yet see it.
        var entry = _world.Award("a-race", "usr_u3", null);
        entry.Award!.Result = entry.Award.Result with { User = entry.Award.Result.User! with { Referrals = [] } };
        var referral = _world.Referrals.Single(r => r.Entry.Referral!.Referee == "usr_u3").Entry;
        referral.At = entry.At - TimeSpan.FromSeconds(1);
        var accounts = _world.Observe();

        var result = _world.Audit(accounts);

        Assert.True(result.Passed, string.Join("\n", result.Discrepancies));
        Assert.Equal(1, result.Counts.ChainsConcurrent);
    }

    [Fact]
    public void An_entry_priced_by_a_schedule_the_audit_lacks_is_named()
    {
        var entry = _world.Awards[0].Entry;
        entry.Award!.Result = entry.Award.Result with { ScheduleVersion = "1999-01-01.1" };
        var accounts = _world.Observe();

        var problem = Assert.Single(_world.Audit(accounts).Discrepancies);

        Assert.Equal((DiscrepancyCodes.UnknownSchedule, "1999-01-01.1"), (problem.Code, problem.Subject));
    }

    [Fact]
    public void An_account_the_api_does_not_know_is_named()
    {
        var accounts = _world.Observe();
        accounts.Remove("usr_u2");

        var problem = Assert.Single(_world.Audit(accounts).Discrepancies);

        Assert.Equal((DiscrepancyCodes.AccountMissing, "usr_u2"), (problem.Code, problem.Subject));
    }

    [Fact]
    public void A_provider_that_earned_without_registering_is_named()
    {
        var accounts = _world.Observe();
        accounts["prov_p1"] = accounts["prov_p1"] with { Registered = false };

        var problem = Assert.Single(_world.Audit(accounts).Discrepancies);

        Assert.Equal((DiscrepancyCodes.ProviderUnregistered, "prov_p1"), (problem.Code, problem.Subject));
    }

    [Fact]
    public void An_account_that_could_not_be_read_fails_the_audit()
    {
        var accounts = _world.Observe();
        accounts["usr_u1"] = AccountObservation.Unreadable("usr_u1", "GET /api/user/usr_u1/referral-stats answered 503 (5 attempts)");

        var problem = Assert.Single(_world.Audit(accounts).Discrepancies);

        Assert.Equal((DiscrepancyCodes.AccountUnreadable, "usr_u1"), (problem.Code, problem.Subject));
    }

    [Fact]
    public void Direct_bonuses_are_expected_once_each_with_the_schedules_amount()
    {
        var accounts = _world.Observe();
        var bonuses = accounts["usr_u1"].Entries.Where(e => e.Kind == "direct").ToList();

        var bonus = Assert.Single(bonuses);
        Assert.Equal(("referral:usr_u2", 25m, "usr_u2"), (bonus.AwardId, bonus.Amount, bonus.Source));
        Assert.Equal(EffectPlanner.DirectBonusId("usr_u2"), bonus.AwardId);
        Assert.True(_world.Audit(accounts).Passed);
    }

    [Fact]
    public void Awards_cannot_be_added_before_the_graph_is_sealed()
    {
        var auditor = new Auditor([LedgerWorld.Schedule]);
        var (journal, entry) = _world.Awards[0];

        Assert.Throws<InvalidOperationException>(() => auditor.AddAward(journal, entry));
        Assert.True(AccountIds.IsValid("usr_u1"));
        Assert.Equal("a0", LedgerOptions.AwardJournalId(0));
    }
}
