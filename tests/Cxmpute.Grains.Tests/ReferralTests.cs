using Cxmpute.Abstractions;
using Cxmpute.Grains.Tests.Infrastructure;

namespace Cxmpute.Grains.Tests;

[Collection(LedgerCollection.Name)]
public sealed class ReferralTests(LedgerCluster cluster)
{
    private readonly LedgerDriver _ledger = new(cluster.Grains);

    [Fact]
    public async Task The_direct_bonus_is_paid_once_and_the_relationship_is_permanent()
    {
        var (parent, other, child) = (Ids.User("p"), Ids.User("o"), Ids.User("c"));
        await cluster.Grains.GetGrain<IAccountGrain>(other).EnsureUserAsync();
        await _ledger.UserChainAsync(parent, child);

        var again = await _ledger.ReferAsync(child, parent);
        var another = await _ledger.ReferAsync(child, other);

        Assert.Equal(ErrorCodes.ReferrerAlreadySet, again.Error?.Code);
        Assert.Equal(ErrorCodes.ReferrerAlreadySet, another.Error?.Code);
        var stats = await _ledger.StatsOkAsync(parent);
        Assert.Equal(25m, stats.ReferralRewardsByType.Direct);
        Assert.Equal(1, stats.DirectReferrals);
        Assert.Equal(parent, (await _ledger.StatsOkAsync(child)).ReferredBy);
        Assert.Equal(0m, (await _ledger.StatsOkAsync(other)).ReferralRewards);
    }

    [Fact]
    public async Task Refusals_follow_the_contracts_order_and_change_nothing()
    {
        var (user, provider, ghost) = (Ids.User(), Ids.Provider(), Ids.User("ghost"));
        await cluster.Grains.GetGrain<IAccountGrain>(user).EnsureUserAsync();
        await _ledger.RegisterAsync(provider, 12);

        Assert.Equal(ErrorCodes.SelfReferral, (await _ledger.ReferAsync(user, user)).Error?.Code);
        Assert.Equal(ErrorCodes.ReferralKindMismatch, (await _ledger.ReferAsync(user, provider)).Error?.Code);
        Assert.Equal(ErrorCodes.AccountNotFound, (await _ledger.ReferAsync(user, ghost)).Error?.Code);
        Assert.Equal(ErrorCodes.AccountNotFound, (await _ledger.ReferAsync(Ids.Provider("unregistered"), provider)).Error?.Code);

        Assert.Null((await _ledger.StatsOkAsync(user)).ReferredBy);
        Assert.Null(await _ledger.StatsAsync(ghost));
        Assert.Equal(0, (await _ledger.StatsOkAsync(provider)).DirectReferrals);
    }

    [Fact]
    public async Task A_cycle_at_any_depth_is_refused()
    {
        var chain = Enumerable.Range(0, 6).Select(i => Ids.User($"cy{i}")).ToArray();
        await _ledger.UserChainAsync(chain);

        var direct = await _ledger.ReferAsync(chain[0], chain[1]);
        var deep = await _ledger.ReferAsync(chain[0], chain[5]);

        Assert.Equal(ErrorCodes.ReferralCycle, direct.Error?.Code);
        Assert.Equal(ErrorCodes.ReferralCycle, deep.Error?.Code);
        Assert.Null((await _ledger.StatsOkAsync(chain[0])).ReferredBy);
    }

    [Fact]
    public async Task Two_concurrent_applies_that_would_close_a_cycle_exactly_one_succeeds()
    {
        for (var round = 0; round < 20; round++)
        {
            var (a, b) = (Ids.User("ra"), Ids.User("rb"));
            await cluster.Grains.GetGrain<IAccountGrain>(a).EnsureUserAsync();
            await cluster.Grains.GetGrain<IAccountGrain>(b).EnsureUserAsync();

            var outcomes = await Task.WhenAll(_ledger.ReferAsync(a, b), _ledger.ReferAsync(b, a));

            Assert.Single(outcomes, o => o.Error is null);
            Assert.Single(outcomes, o => o.Error?.Code == ErrorCodes.ReferralCycle);
            var referred = new[] { (await _ledger.StatsOkAsync(a)).ReferredBy, (await _ledger.StatsOkAsync(b)).ReferredBy };
            Assert.Single(referred, r => r is not null);
        }
    }

    [Fact]
    public async Task A_subtree_joining_moves_every_ancestors_network_counts()
    {
        var (top, a, b) = (Ids.User("top"), Ids.User("a"), Ids.User("b"));
        await _ledger.UserChainAsync(top, a);
        await cluster.Grains.GetGrain<IAccountGrain>(b).EnsureUserAsync();
        var directs = Enumerable.Range(0, 5).Select(i => Ids.User($"d{i}")).ToArray();
        foreach (var d in directs)
        {
            await _ledger.ReferOkAsync(d, b);
        }

        for (var i = 0; i < 7; i++)
        {
            await _ledger.ReferOkAsync(Ids.User($"s{i}"), directs[i % 2]);
        }

        await _ledger.ReferOkAsync(b, a);

        var stats = await _ledger.StatsOkAsync(a);
        Assert.Equal((1, 5, 7), (stats.DirectReferrals, stats.SecondaryReferrals, stats.TertiaryReferrals));
        var topStats = await _ledger.StatsOkAsync(top);
        Assert.Equal((1, 1, 5), (topStats.DirectReferrals, topStats.SecondaryReferrals, topStats.TertiaryReferrals));
        Assert.Equal(1, stats.History[^1].NewReferrals);
    }

    [Fact]
    public async Task A_chain_that_grows_later_pays_the_new_ancestor_on_later_awards_only()
    {
        var (a, b, c) = (Ids.User("ga"), Ids.User("gb"), Ids.User("gc"));
        await _ledger.UserChainAsync(b, c);
        await cluster.Grains.GetGrain<IAccountGrain>(a).EnsureUserAsync();

        var before = await _ledger.AwardOkAsync(LedgerDriver.Chat(c, null, 0));
        await _ledger.ReferOkAsync(b, a);
        var after = await _ledger.AwardOkAsync(LedgerDriver.Chat(c, null, 0));

        Assert.Equal([new ReferralCreditView(1, b, 0.15m)], before.User!.Referrals);
        Assert.Equal([new ReferralCreditView(1, b, 0.15m), new ReferralCreditView(2, a, 0.08m)], after.User!.Referrals);
        var stats = await _ledger.StatsOkAsync(a);
        Assert.Equal(new RewardsByTypeView(25m, 0m, 0.08m, 0m), stats.ReferralRewardsByType);
        Assert.Equal((1, 1, 0), (stats.DirectReferrals, stats.SecondaryReferrals, stats.TertiaryReferrals));
    }
}
