using Cxmpute.LoadTest.Population;
using Cxmpute.Rewards;

namespace Cxmpute.LoadTest.Tests;

public sealed class PopulationTests
{
    private static LoadPopulation Make(int users = 20_000, int providers = 2_000, long seed = 42) =>
        new(new PopulationSpec(users, providers, seed, "t"), TestSchedule.Shipped);

    [Fact]
    public void The_same_seed_gives_the_same_forest_hardware_and_awards()
    {
        var a = Make();
        var b = Make();
        Assert.Equal(a.UserForest.Parent, b.UserForest.Parent);
        Assert.Equal(a.ProviderForest.Parent, b.ProviderForest.Parent);
        Assert.Equal(a.ProviderVram, b.ProviderVram);
        for (long i = 0; i < 2_000; i++)
        {
            Assert.Equal(a.Award(i), b.Award(i));
        }
    }

    [Fact]
    public void Another_seed_gives_another_population()
    {
        var a = Make(seed: 1);
        var b = Make(seed: 2);
        Assert.NotEqual(a.UserForest.Parent, b.UserForest.Parent);
        Assert.NotEqual(Enumerable.Range(0, 100).Select(i => a.Award(i)), Enumerable.Range(0, 100).Select(i => b.Award(i)));
    }

    [Fact]
    public void About_seventy_percent_are_referred_in_chains_of_at_most_six()
    {
        var p = Make(100_000, 10_000);
        Assert.InRange(p.UserForest.Referred / 100_000.0, 0.68, 0.72);
        Assert.InRange(p.ProviderForest.Referred / 10_000.0, 0.66, 0.74);
        Assert.Equal(6, p.UserForest.MaxDepth);
        Assert.Equal(6, p.ProviderForest.MaxDepth);
        for (var i = 0; i < p.UserForest.Count; i++)
        {
            var parent = p.UserForest.Parent[i];
            Assert.True(parent < i, "a referrer always comes first, so the forest has no cycle");
            Assert.Equal(parent < 0 ? 0 : p.UserForest.Depth[parent] + 1, p.UserForest.Depth[i]);
        }
    }

    [Fact]
    public void Providers_spread_over_the_four_tiers_and_serve_only_models_that_fit()
    {
        var p = Make();
        var schedule = TestSchedule.Shipped;
        var tiers = p.ProviderTier.GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count() / (double)p.Spec.Providers);
        Assert.Equal(4, tiers.Count);
        Assert.All(tiers.Values, share => Assert.InRange(share, 0.10, 0.40));
        for (var i = 0; i < p.Spec.Providers; i++)
        {
            Assert.Equal((Tier)p.ProviderTier[i], schedule.HardwareTierFor(p.ProviderVram[i]));
        }

        var models = new HashSet<string>();
        for (long i = 0; i < 20_000; i++)
        {
            var award = p.Award(i);
            WireNames.TryParseService(LoadPopulation.Services[award.Service], out var service);
            var price = schedule.PriceProvider(service, award.Model, award.Tokens, award.Latency, p.ProviderVram[award.Provider]); // throws when it does not fit
            Assert.True(price.Amount > 0);
            models.Add(award.Model);
        }

        Assert.Equal(schedule.Models.Count, models.Count);
    }

    [Fact]
    public void Ids_follow_the_contract_patterns()
    {
        var p = Make(100, 10);
        Assert.Matches("^usr_[A-Za-z0-9_-]{1,64}$", p.UserId(99));
        Assert.Matches("^prov_[A-Za-z0-9_-]{1,64}$", p.ProviderId(9));
        Assert.Equal(p.ProviderId(3), p.AccountId(100 + 3));
        Assert.Throws<ArgumentException>(() => new LoadPopulation(new PopulationSpec(10, 10, 1, "bad-tag"), TestSchedule.Shipped));
    }
}
