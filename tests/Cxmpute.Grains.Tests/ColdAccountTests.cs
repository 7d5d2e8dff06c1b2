using System.Diagnostics;
using Cxmpute.Abstractions;
using Cxmpute.Grains.Accounts;
using Cxmpute.Grains.Journal;
using Cxmpute.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Core.Internal;
using Orleans.Metadata;

namespace Cxmpute.Grains.Tests;

/// <summary>
/// An account read from a busy store (a cold account: its grain activating) delays only its own awards. The journal
/// prices and commits the awards whose accounts are ready and sets the others aside until their accounts have loaded,
/// and it delivers each commit to each account after that account's earlier commits only, acknowledging each award
/// once its own accounts have applied it. Before, the one slow read held up its whole group, and every award queued
/// or committed behind it in the journal.
/// </summary>
public sealed class ColdAccountTests(LedgerCluster cluster) : IClassFixture<LedgerCluster>
{
    private static readonly TimeSpan SlowRead = TimeSpan.FromSeconds(3);

    private readonly LedgerDriver _ledger = new(cluster.Grains);

    [Fact]
    public void An_idle_account_stays_in_memory_for_the_ledgers_idle_time_not_Orleans_default_of_15_minutes()
    {
        var services = cluster.Cluster.Services();
        var ledger = services.GetRequiredService<IOptions<LedgerOptions>>().Value;
        var collection = services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;
        var accountType = services.GetRequiredService<GrainTypeResolver>().GetGrainType(typeof(AccountGrain));

        var account = services.GetRequiredService<GrainTypeSharedContextResolver>().GetComponents(accountType);

        Assert.Equal(TimeSpan.FromHours(1), ledger.AccountIdleTime);
        Assert.Equal(ledger.AccountIdleTime, account.CollectionAgeLimit);
        Assert.Equal(TimeSpan.FromMinutes(15), collection.CollectionAge);
    }

    [Fact]
    public async Task A_user_still_loading_does_not_hold_up_the_awards_queued_behind_it_and_is_credited_once()
    {
        var warm = await WarmUsersAsync(20);
        var cold = Ids.User("cold");
        cluster.Faults.SlowReads(cold, SlowRead);
        var setAsideBefore = cluster.Cluster.LedgerMetrics().AwardsSetAside;

        var coldAward = LedgerDriver.Chat(cold, null, awardId: AwardIdOfJournalZero());
        var coldClock = Stopwatch.StartNew();
        var coldOutcome = _ledger.AwardAsync(coldAward);
        await Task.Delay(200); // its group is being priced, waiting on the cold read

        var warmClock = Stopwatch.StartNew();
        var warmOutcomes = await _ledger.AwardsAsync([.. warm.Select(u => LedgerDriver.Chat(u, null, awardId: AwardIdOfJournalZero()))]);
        var warmTime = warmClock.Elapsed;

        Assert.All(warmOutcomes, o => Assert.Null(o.Error));
        Assert.True(warmTime < SlowRead / 2, $"awards behind the cold one took {warmTime.TotalMilliseconds:F0} ms");
        Assert.False(coldOutcome.IsCompleted, "the cold award cannot be priced before its account has loaded");

        var result = (await coldOutcome).Result ?? throw new Xunit.Sdk.XunitException("the cold award failed");
        Assert.True(coldClock.Elapsed >= SlowRead * 0.9, $"the cold award was answered after {coldClock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(cluster.Cluster.LedgerMetrics().AwardsSetAside > setAsideBefore);

        Assert.Equal(result.User!.Amount, (await _ledger.StatsOkAsync(cold)).Lifetime.Earned);
        Assert.Single(await _ledger.LedgerAsync(cold));
        var replay = await _ledger.AwardOkAsync(coldAward);
        Assert.True(replay.Duplicate);
        Assert.Equal(result.User.Amount, replay.User!.Amount);
        foreach (var (user, outcome) in warm.Zip(warmOutcomes))
        {
            Assert.Equal(2 * outcome.Result!.User!.Amount, (await _ledger.StatsOkAsync(user)).Lifetime.Earned);
        }
    }

    [Fact]
    public async Task A_provider_still_loading_is_priced_once_loaded_and_an_unregistered_one_is_then_refused()
    {
        var warm = await WarmUsersAsync(10);
        var unregistered = Ids.Provider("cold");
        cluster.Faults.SlowReads(unregistered, SlowRead);

        var coldClock = Stopwatch.StartNew();
        var coldOutcome = _ledger.AwardAsync(LedgerDriver.Chat(null, unregistered, awardId: AwardIdOfJournalZero()));
        await Task.Delay(200);

        var warmClock = Stopwatch.StartNew();
        var warmOutcomes = await _ledger.AwardsAsync([.. warm.Select(u => LedgerDriver.Chat(u, null, awardId: AwardIdOfJournalZero()))]);

        Assert.All(warmOutcomes, o => Assert.Null(o.Error));
        Assert.True(warmClock.Elapsed < SlowRead / 2, $"awards behind the cold one took {warmClock.Elapsed.TotalMilliseconds:F0} ms");
        var refused = await coldOutcome;
        Assert.Equal(ErrorCodes.AccountNotFound, refused.Error?.Code);
        Assert.True(coldClock.Elapsed >= SlowRead * 0.9);
    }

    [Fact]
    public async Task A_referrer_still_loading_holds_up_only_the_awards_that_credit_it()
    {
        var (root, provider) = (Ids.Provider("root"), Ids.Provider("earner"));
        await _ledger.RegisterAsync(root, 24);
        await _ledger.RegisterAsync(provider, 24);
        await _ledger.ReferOkAsync(provider, root);
        await _ledger.AwardOkAsync(LedgerDriver.Chat(null, provider)); // the chain provider -> root is cached for pricing
        var warm = await WarmUsersAsync(20);
        var rootBefore = (await _ledger.StatsOkAsync(root)).Lifetime.Total;

        // The root's grain goes away; its next activation reads its snapshot slowly. Pricing does not need it (the
        // chain is cached), delivering the credit does.
        cluster.Faults.SlowReads(root, SlowRead);
        await cluster.Grains.GetGrain<ILedgerAccountGrain>(root).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(500);

        var coldClock = Stopwatch.StartNew();
        var coldOutcome = _ledger.AwardAsync(LedgerDriver.Chat(null, provider, awardId: AwardIdOfJournalZero()));
        await Task.Delay(200); // committed, its delivery waiting on the root's activation

        var warmClock = Stopwatch.StartNew();
        var warmOutcomes = await _ledger.AwardsAsync([.. warm.Select(u => LedgerDriver.Chat(u, null, awardId: AwardIdOfJournalZero()))]);
        var warmTime = warmClock.Elapsed;

        Assert.All(warmOutcomes, o => Assert.Null(o.Error));
        Assert.True(warmTime < SlowRead / 2, $"awards committed behind the one crediting the cold account took {warmTime.TotalMilliseconds:F0} ms");
        var result = (await coldOutcome).Result ?? throw new Xunit.Sdk.XunitException("the award crediting the cold account failed");
        Assert.True(coldClock.Elapsed >= SlowRead * 0.8, $"the award crediting the cold account was answered after {coldClock.Elapsed.TotalMilliseconds:F0} ms");

        var credit = Assert.Single(result.Provider!.Referrals);
        Assert.Equal(root, credit.AccountId);
        Assert.Equal(rootBefore + credit.Amount, (await _ledger.StatsOkAsync(root)).Lifetime.Total);
        foreach (var (user, outcome) in warm.Zip(warmOutcomes))
        {
            Assert.Equal(2 * outcome.Result!.User!.Amount, (await _ledger.StatsOkAsync(user)).Lifetime.Earned);
        }
    }

    [Fact]
    public async Task The_first_award_with_an_id_stays_the_original_while_its_account_loads_and_later_ones_are_its_duplicates()
    {
        // Journal 0 and the users' referral journal are active before the clock below starts: when this test runs first
        // in its class, their activations (storage reads on a busy machine) would otherwise count against it.
        await _ledger.AwardOkAsync(LedgerDriver.Chat(Ids.User("warm"), null, awardId: AwardIdOfJournalZero()));
        var cold = Ids.User("cold");
        cluster.Faults.SlowReads(cold, SlowRead);
        var award = LedgerDriver.Chat(cold, null, awardId: AwardIdOfJournalZero());
        var changed = award with { Tokens = award.Tokens + 1 };

        // One batch naming the id twice, then (while the first is still set aside) another caller sending it again and a
        // third sending it with another body: the first occurrence is the one credited, in every ordering of the lookups.
        var setAsideBefore = cluster.Cluster.LedgerMetrics().AwardsSetAside;
        var batch = _ledger.AwardsAsync([award, award]);
        var waited = Stopwatch.StartNew();
        while (cluster.Cluster.LedgerMetrics().AwardsSetAside == setAsideBefore)
        {
            Assert.True(waited.Elapsed < SlowRead / 2, "the first award was not set aside while its account loads");
            await Task.Delay(10);
        }

        var retry = _ledger.AwardAsync(award);
        var conflict = _ledger.AwardAsync(changed);
        var outcomes = await batch;

        var original = outcomes[0].Result ?? throw new Xunit.Sdk.XunitException($"the first award failed: {outcomes[0].Error}");
        Assert.False(original.Duplicate);
        var again = outcomes[1].Result ?? throw new Xunit.Sdk.XunitException($"the same award in the batch failed: {outcomes[1].Error}");
        Assert.True(again.Duplicate);
        Assert.Equal((original.AwardId, original.User!.Amount, original.OccurredAt), (again.AwardId, again.User!.Amount, again.OccurredAt));
        Assert.True((await retry).Result?.Duplicate, $"the retry answered {(await retry).Error?.Code ?? "not a duplicate"}");
        Assert.Equal(ErrorCodes.AwardIdConflict, (await conflict).Error?.Code);

        Assert.Equal(original.User.Amount, (await _ledger.StatsOkAsync(cold)).Lifetime.Earned);
        Assert.Single(await _ledger.LedgerAsync(cold));
    }

    /// <summary>Users with one award each, so that their accounts are active and their chains cached.</summary>
    private async Task<List<string>> WarmUsersAsync(int count)
    {
        var users = Enumerable.Range(0, count).Select(_ => Ids.User("warm")).ToList();
        var outcomes = await _ledger.AwardsAsync([.. users.Select(u => LedgerDriver.Chat(u, null))]);
        Assert.All(outcomes, o => Assert.Null(o.Error));
        return users;
    }

    /// <summary>An award id that the ingress routes to journal 0, so that the awards of a test share one journal's queue.</summary>
    private static string AwardIdOfJournalZero()
    {
        var journals = TestLedgerOptions.Create().AwardJournals;
        while (true)
        {
            var id = Ids.Award();
            if (JournalRouting.PartitionOf(id, journals) == 0)
            {
                return id;
            }
        }
    }
}
