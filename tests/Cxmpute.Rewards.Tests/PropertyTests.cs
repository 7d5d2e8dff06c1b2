using CsCheck;
using Cxmpute.Rewards;

namespace Cxmpute.Rewards.Tests;

/// <summary>
/// Randomized checks of the pricing rules against the specification, in exact arithmetic
/// (<see cref="Exact"/>), over the whole token range 0..2,147,483,647.
/// </summary>
public sealed class PropertyTests
{
    private const long Iterations = 20_000;
    private static readonly RewardSchedule Schedule = TestSchedule.Real;

    private static readonly Gen<int> Tokens = Gen.Frequency(
        (4, Gen.Int[0, int.MaxValue]),
        (2, Gen.Int[0, 10_000]),
        (1, Gen.OneOf(0, 1, 999, 1000, int.MaxValue - 1, int.MaxValue)));

    private static readonly Gen<int?> Latency = Gen.Frequency(
        (3, Gen.Int[0, 20_000]),
        (1, Gen.OneOf(0, 1999, 2000, 10000, 10001, int.MaxValue))).Nullable(0.2);

    private static readonly Gen<string> Model = Gen.OneOf(
        Gen.OneOf([.. Spec.Models.Select(m => m.Name)]),
        Gen.OneOf([.. Spec.Models.Select(m => m.Name.ToUpperInvariant())]),
        Gen.OneOf("Unknown-Model", "gpt-x", "llama3-405b"));

    private static readonly Gen<decimal> Vram = Gen.OneOf(
        Gen.Int[1, 100_000].Select(v => v / 1000m),
        Gen.OneOf(4m, 4.0001m, 8m, 8.0001m, 21.99m, 22m));

    /// <summary>Amounts with at most 18 significant digits and 10 decimals, like the amounts of the system.</summary>
    private static readonly Gen<decimal> Amount = Gen.Select(
        Gen.Long[0, 999_999_999_999_999_999],
        Gen.Int[0, 10],
        (mantissa, scale) => new decimal((int)(mantissa & 0xFFFFFFFF), (int)(mantissa >> 32), 0, false, (byte)scale));

    [Fact]
    public void Provider_price_is_base_plus_token_times_performance_exactly() =>
        Gen.Select(Gen.Enum<ServiceKind>(), Model, Tokens, Latency, Vram).Sample(
            (service, model, tokens, latency, vram) =>
            {
                var (tier, complexity) = Spec.Model(model);
                if (Spec.HardwareTier(vram) < tier)
                {
                    var ex = Assert.Throws<TierNotEligibleException>(() => Schedule.PriceProvider(service, model, tokens, latency, vram));
                    Assert.Equal(tier, ex.RequiredTier);
                    return;
                }

                var price = Schedule.PriceProvider(service, model, tokens, latency, vram);

                var (tierBase, tierToken) = Spec.TierRates[tier];
                var multiplier = Exact.Of(Spec.ServiceMultiplier[service]);
                var expectedBase = Exact.Of(tierBase) * multiplier * Exact.Of(complexity);
                var expectedToken = Spec.EarnsTokenReward(service) ? tokens * Exact.Of(tierToken) * multiplier : Exact.Of(0m);
                var expectedAmount = (expectedBase + expectedToken) * Exact.Of(Spec.Performance(latency));

                Assert.Equal(tier, price.Tier);
                Assert.Equal(complexity, price.Complexity);
                Assert.Equal(Spec.Performance(latency), price.PerformanceMultiplier);
                Assert.True(Exact.Of(price.BaseReward).ValueEquals(expectedBase), "base");
                Assert.True(Exact.Of(price.TokenReward).ValueEquals(expectedToken), "token");
                Assert.True(Exact.Of(price.Amount).ValueEquals(expectedAmount), "amount");
                Assert.True(
                    Exact.Of(price.Amount).ValueEquals((Exact.Of(price.BaseReward) + Exact.Of(price.TokenReward)) * Exact.Of(price.PerformanceMultiplier)),
                    "amount from parts");
                Assert.True(price.Amount >= 0);
            },
            iter: Iterations);

    [Fact]
    public void User_points_are_base_plus_tokens_times_rate_exactly() =>
        Gen.Select(Gen.Enum<ServiceKind>(), Tokens).Sample(
            (service, tokens) =>
            {
                var (basePoints, perToken) = Spec.UserPoints[service];
                var points = Schedule.PriceUser(service, tokens);

                Assert.True(Exact.Of(points).ValueEquals(Exact.Of(basePoints) + (tokens * Exact.Of(perToken))));
            },
            iter: Iterations);

    [Fact]
    public void Referral_split_is_the_original_amount_times_each_level_rate_never_compounded() =>
        Gen.Select(Gen.Enum<AccountKind>(), Amount).Sample(
            (kind, amount) => AssertSplit(kind, amount),
            iter: Iterations);

    [Fact]
    public void Referral_split_of_priced_amounts_is_exact() =>
        Gen.Select(Gen.Enum<ServiceKind>(), Model, Tokens, Latency).Sample(
            (service, model, tokens, latency) =>
            {
                AssertSplit(AccountKind.Provider, Schedule.PriceProvider(service, model, tokens, latency, 80m).Amount);
                AssertSplit(AccountKind.User, Schedule.PriceUser(service, tokens));
            },
            iter: Iterations);

    [Fact]
    public void Max_tokens_never_overflow()
    {
        foreach (var service in Enum.GetValues<ServiceKind>())
        {
            foreach (var (name, _, _) in Spec.Models)
            {
                foreach (var latency in new int?[] { null, 0, 5000, int.MaxValue })
                {
                    var amount = Schedule.PriceProvider(service, name, int.MaxValue, latency, 80m).Amount;
                    AssertSplit(AccountKind.Provider, amount);
                }
            }

            AssertSplit(AccountKind.User, Schedule.PriceUser(service, int.MaxValue));
        }

        Assert.Equal(
            (0.225m + (int.MaxValue * 0.00015m)) * 1.1m,
            Schedule.PriceProvider(ServiceKind.Chat, "Llama3-70B", int.MaxValue, 1, 80m).Amount);
    }

    private static void AssertSplit(AccountKind kind, decimal amount)
    {
        var split = Schedule.ReferralSplit(kind, amount);
        var rates = kind == AccountKind.Provider ? Spec.ProviderReferralRates : Spec.UserReferralRates;

        Assert.Equal(3, split.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(rates[i], Schedule.ReferralRate(kind, i + 1));
            Assert.True(Exact.Of(split[i]).ValueEquals(Exact.Of(amount) * Exact.Of(rates[i])), $"level {i + 1} of {amount}");
            Assert.True(split[i] >= 0);
        }

        if (amount > 0)
        {
            Assert.NotEqual(amount * rates[0] * rates[1], split[1]);
            Assert.NotEqual(amount * rates[0] * rates[1] * rates[2], split[2]);
        }
    }
}
