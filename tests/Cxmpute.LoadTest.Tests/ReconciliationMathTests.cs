using Cxmpute.LoadTest.Population;
using Cxmpute.LoadTest.Reconcile;

namespace Cxmpute.LoadTest.Tests;

/// <summary>The expected ledger against the rules written out by hand from docs/product-rules.md (not through RewardSchedule).</summary>
public sealed class ReconciliationMathTests
{
    private static readonly Dictionary<string, (decimal Base, decimal PerToken)> UserPoints = new()
    {
        ["chat"] = (1m, 0.001m), ["embeddings"] = (0.5m, 0.0005m), ["scrape"] = (0.2m, 0m), ["tts"] = (0.8m, 0m),
    };

    private static readonly Dictionary<string, (decimal Multiplier, bool Tokens)> Services = new()
    {
        ["chat"] = (1.0m, true), ["tts"] = (0.6m, false), ["embeddings"] = (0.3m, true), ["scrape"] = (0.2m, false),
    };

    private static readonly Dictionary<string, (int Tier, decimal Complexity)> Models = new()
    {
        ["Llama3-70B"] = (3, 3.0m), ["Mixtral-8x7B"] = (2, 2.5m), ["Llama3-13B"] = (2, 1.5m), ["Llama3-8B"] = (1, 1.0m),
        ["Mistral-7B"] = (1, 1.0m), ["Phi-3-Mini"] = (0, 0.5m), ["Gemma-2B"] = (0, 0.3m),
    };

    private static readonly (decimal Base, decimal Token)[] Tiers = [(0.005m, 0.00001m), (0.015m, 0.00003m), (0.035m, 0.00007m), (0.075m, 0.00015m)];
    private static readonly decimal[] UserRates = [0.15m, 0.08m, 0.04m];
    private static readonly decimal[] ProviderRates = [0.10m, 0.05m, 0.025m];

    internal static decimal ProviderAmount(string service, string model, int tokens, int? latency)
    {
        var (multiplier, earnsTokens) = Services[service];
        var (tier, complexity) = Models[model];
        var baseReward = Tiers[tier].Base * multiplier * complexity;
        var tokenReward = earnsTokens ? tokens * Tiers[tier].Token * multiplier : 0m;
        var performance = latency is null ? 1.0m : latency < 2000 ? 1.1m : latency > 10000 ? 0.9m : 1.0m;
        return (baseReward + tokenReward) * performance;
    }

    [Fact]
    public void The_worked_example_of_the_contract_prices_as_written()
    {
        Assert.Equal(0.4125m, ProviderAmount("chat", "Llama3-70B", 1000, 1500));
        Assert.Equal(0.04125m, 0.4125m * ProviderRates[0]);
    }

    [Fact]
    public void Every_account_gets_its_own_earnings_three_levels_of_shares_and_its_direct_bonuses()
    {
        var population = new LoadPopulation(new PopulationSpec(3_000, 300, 11, "m"), TestSchedule.Shipped);
        var expected = new ExpectedLedger(population);
        expected.AddDirectBonuses();
        var earned = new decimal[population.Accounts];
        var referral = new decimal[population.Accounts];
        for (var i = 0; i < 3_000; i++)
        {
            if (population.UserForest.Parent[i] is var parent and >= 0)
            {
                referral[parent] += 25m;
            }
        }

        for (var i = 0; i < 300; i++)
        {
            if (population.ProviderForest.Parent[i] is var parent and >= 0)
            {
                referral[3_000 + parent] += 50m;
            }
        }

        for (long n = 0; n < 5_000; n++)
        {
            expected.AddAward(n);
            var a = population.Award(n);
            var service = LoadPopulation.Services[a.Service];
            var points = UserPoints[service].Base + (a.Tokens * UserPoints[service].PerToken);
            var amount = ProviderAmount(service, a.Model, a.Tokens, a.Latency);
            earned[a.User] += points;
            earned[3_000 + a.Provider] += amount;
            for (var level = 1; level <= 3; level++)
            {
                if (population.UserForest.Ancestor(a.User, level) is var u and >= 0)
                {
                    referral[u] += points * UserRates[level - 1];
                }

                if (population.ProviderForest.Ancestor(a.Provider, level) is var p and >= 0)
                {
                    referral[3_000 + p] += amount * ProviderRates[level - 1];
                }
            }
        }

        Assert.Equal(5_000, expected.Awards);
        for (var account = 0; account < population.Accounts; account++)
        {
            var want = new AccountTotals(earned[account], referral[account], earned[account] + referral[account]);
            Assert.True(want.SameAs(expected.For(account)), $"{population.AccountId(account)}: {want} vs {expected.For(account)}");
        }
    }

    [Fact]
    public void Totals_compare_by_value_to_the_last_digit()
    {
        Assert.True(new AccountTotals(1.50m, 0m, 1.5m).SameAs(new AccountTotals(1.5m, 0.000m, 1.5000m)));
        Assert.False(new AccountTotals(1.5m, 0m, 1.5m).SameAs(new AccountTotals(1.5000000001m, 0m, 1.5m)));
    }
}
