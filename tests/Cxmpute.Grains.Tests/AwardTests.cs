using Cxmpute.Abstractions;
using Cxmpute.Grains.Tests.Infrastructure;

namespace Cxmpute.Grains.Tests;

[Collection(LedgerCollection.Name)]
public sealed class AwardTests(LedgerCluster cluster)
{
    private readonly LedgerDriver _ledger = new(cluster.Grains);

    [Fact]
    public async Task Worked_example_1_with_fast_response_pays_the_provider_and_its_referrer()
    {
        var (root, referrer, provider) = (Ids.Provider("root"), Ids.Provider("ref"), Ids.Provider("big"));
        await _ledger.RegisterAsync(root, 24);
        await _ledger.RegisterAsync(referrer, 24);
        await _ledger.RegisterAsync(provider, 24);
        await _ledger.ReferOkAsync(referrer, root);
        await _ledger.ReferOkAsync(provider, referrer);

        var result = await _ledger.AwardOkAsync(LedgerDriver.Chat(null, provider, 1000, "Llama3-70B", latencyMs: 1500));

        var p = result.Provider!;
        Assert.Equal("mariana-depth", p.Tier);
        Assert.Equal(0.225m, p.BaseReward);
        Assert.Equal(0.15m, p.TokenReward);
        Assert.Equal(1.1m, p.PerformanceMultiplier);
        Assert.Equal(0.4125m, p.Amount);
        Assert.Equal([new ReferralCreditView(1, referrer, 0.04125m), new ReferralCreditView(2, root, 0.020625m)], p.Referrals);
        Assert.Null(result.User);
        Assert.False(result.Duplicate);

        Assert.Equal(0.4125m, (await _ledger.StatsOkAsync(provider)).OwnRewards);
        Assert.Equal(50m + 0.04125m, (await _ledger.StatsOkAsync(referrer)).ReferralRewards);
        Assert.Equal(50m + 0.020625m, (await _ledger.StatsOkAsync(root)).ReferralRewards);
    }

    [Fact]
    public async Task Four_deep_chain_pays_three_levels_exactly_and_nothing_beyond()
    {
        var users = Enumerable.Range(0, 5).Select(i => Ids.User($"c{i}")).ToArray();
        var earner = await _ledger.UserChainAsync(users);
        var providers = Enumerable.Range(0, 5).Select(i => Ids.Provider($"c{i}")).ToArray();
        foreach (var p in providers)
        {
            await _ledger.RegisterAsync(p, 80);
        }

        for (var i = 1; i < providers.Length; i++)
        {
            await _ledger.ReferOkAsync(providers[i], providers[i - 1]);
        }

        var result = await _ledger.AwardOkAsync(LedgerDriver.Chat(earner, providers[4], 1000, "Llama3-70B"));

        Assert.Equal(2m, result.User!.Amount);
        Assert.Equal([new ReferralCreditView(1, users[3], 0.3m), new ReferralCreditView(2, users[2], 0.16m), new ReferralCreditView(3, users[1], 0.08m)], result.User.Referrals);
        Assert.Equal(0.375m, result.Provider!.Amount);
        Assert.Equal([new ReferralCreditView(1, providers[3], 0.0375m), new ReferralCreditView(2, providers[2], 0.01875m), new ReferralCreditView(3, providers[1], 0.009375m)], result.Provider.Referrals);

        var expectedUserReferral = new[] { 25m, 25m + 0.08m, 25m + 0.16m, 25m + 0.3m, 0m };
        for (var i = 0; i < users.Length; i++)
        {
            var stats = await _ledger.StatsOkAsync(users[i]);
            Assert.Equal(expectedUserReferral[i], stats.ReferralRewards);
            Assert.Equal(i == 4 ? 2m : 0m, stats.OwnRewards);
        }

        var root = await _ledger.StatsOkAsync(providers[0]);
        Assert.Equal(50m, root.ReferralRewards); // level 4: nothing from the award, only its direct bonus
        Assert.Equal(new RewardsByTypeView(50m, 0m, 0m, 0m), root.ReferralRewardsByType);
        Assert.Equal(new RewardsByTypeView(50m, 0m, 0m, 0.009375m), (await _ledger.StatsOkAsync(providers[1])).ReferralRewardsByType);
    }

    [Fact]
    public async Task The_same_award_sent_1000_times_concurrently_credits_once()
    {
        var (parent, user) = (Ids.User("parent"), Ids.User("dup"));
        await _ledger.UserChainAsync(parent, user);
        var request = LedgerDriver.Chat(user, null, 1000);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => _ledger.AwardAsync(request)));

        Assert.All(outcomes, o => Assert.Null(o.Error));
        Assert.Single(outcomes, o => !o.Result!.Duplicate);
        Assert.All(outcomes, o => Assert.Equal(2m, o.Result!.User!.Amount));
        var stats = await _ledger.StatsOkAsync(user);
        Assert.Equal(2m, stats.OwnRewards);
        Assert.Equal(1, stats.Activity.Requests);
        Assert.Equal(25m + 0.3m, (await _ledger.StatsOkAsync(parent)).ReferralRewards);
        Assert.Single(await _ledger.LedgerAsync(user));
    }

    [Fact]
    public async Task A_replay_returns_the_original_result_and_another_body_is_a_conflict()
    {
        var user = Ids.User();
        var request = LedgerDriver.Chat(user, null, 10);
        var first = await _ledger.AwardOkAsync(request);

        var replay = await _ledger.AwardOkAsync(request);
        var conflict = await _ledger.AwardAsync(request with { Tokens = 11 });

        Assert.True(replay.Duplicate);
        Assert.Equal(first with { Duplicate = true }, replay with { User = replay.User }, new ResultComparer());
        Assert.Equal(ErrorCodes.AwardIdConflict, conflict.Error?.Code);
        Assert.Equal(1.01m, (await _ledger.StatsOkAsync(user)).OwnRewards);
    }

    [Fact]
    public async Task A_provider_below_the_models_tier_or_unregistered_is_refused_and_nothing_changes()
    {
        var (small, unknown, user) = (Ids.Provider("small"), Ids.Provider("unknown"), Ids.User());
        await _ledger.RegisterAsync(small, 8);

        var notEligible = await _ledger.AwardAsync(LedgerDriver.Chat(user, small, 100, "Llama3-70B"));
        var notRegistered = await _ledger.AwardAsync(LedgerDriver.Chat(user, unknown, 100, "Mistral-7B"));

        Assert.Equal(ErrorCodes.TierNotEligible, notEligible.Error?.Code);
        Assert.Equal(ErrorCodes.AccountNotFound, notRegistered.Error?.Code);
        Assert.Null(await _ledger.StatsAsync(user));
        Assert.Equal(0m, (await _ledger.StatsOkAsync(small)).OwnRewards);
    }

    [Fact]
    public async Task Every_credit_is_in_the_ledger_and_the_ledger_sums_to_the_lifetime_total()
    {
        var (parent, user) = (Ids.User("lp"), Ids.User("lu"));
        await _ledger.UserChainAsync(parent, user);
        var awards = Enumerable.Range(0, 150).Select(i => LedgerDriver.Chat(user, null, i)).ToList();
        foreach (var chunk in awards.Chunk(40))
        {
            Assert.All(await _ledger.AwardsAsync(chunk), o => Assert.Null(o.Error));
        }

        var userEntries = await _ledger.LedgerAsync(user, limit: 7);
        var parentEntries = await _ledger.LedgerAsync(parent, limit: 1000);

        Assert.Equal(150, userEntries.Count);
        Assert.Equal(awards.Select(a => a.AwardId).ToHashSet(), userEntries.Select(e => e.AwardId).ToHashSet());
        var userStats = await _ledger.StatsOkAsync(user);
        Assert.Equal(userStats.Lifetime.Total, userEntries.Sum(e => e.Amount));
        Assert.Equal(150 + 0.001m * Enumerable.Range(0, 150).Sum(), userStats.Lifetime.Earned);
        var parentStats = await _ledger.StatsOkAsync(parent);
        Assert.Equal(151, parentEntries.Count);
        Assert.Equal(parentStats.Lifetime.Total, parentEntries.Sum(e => e.Amount));
        Assert.Equal("direct", parentEntries[^1].Kind);
        Assert.Equal($"referral:{user}", parentEntries[^1].AwardId);
        Assert.True(parentEntries.Zip(parentEntries.Skip(1)).All(p => p.First.At >= p.Second.At), "newest first");
    }

    private sealed class ResultComparer : IEqualityComparer<AwardResult>
    {
        public bool Equals(AwardResult? x, AwardResult? y) =>
            x is not null && y is not null && x.AwardId == y.AwardId && x.Duplicate == y.Duplicate && x.OccurredAt == y.OccurredAt
            && x.User?.Amount == y.User?.Amount && x.ScheduleVersion == y.ScheduleVersion;

        public int GetHashCode(AwardResult obj) => obj.AwardId.GetHashCode(StringComparison.Ordinal);
    }
}
