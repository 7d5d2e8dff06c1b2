using Cxmpute.Rewards;

namespace Cxmpute.Rewards.Tests;

/// <summary>The worked examples of rewards-system.txt, priced with the real schedule.</summary>
public sealed class SourceExampleTests
{
    private static readonly RewardSchedule Schedule = TestSchedule.Real;

    [Fact]
    public void Example1_Llama3_70B_chat_1000_tokens_pays_0_375()
    {
        var price = Schedule.PriceProvider(ServiceKind.Chat, "Llama3-70B", 1000, latencyMs: null, providerVramGb: 24m);

        Assert.Equal(Tier.MarianaDepth, price.Tier);
        Assert.Equal(3.0m, price.Complexity);
        Assert.Equal(0.225m, price.BaseReward);
        Assert.Equal(0.15m, price.TokenReward);
        Assert.Equal(1.0m, price.PerformanceMultiplier);
        Assert.Equal(0.375m, price.Amount);
    }

    [Fact]
    public void Example2_7B_model_chat_1000_tokens_pays_0_045()
    {
        var price = Schedule.PriceProvider(ServiceKind.Chat, "Mistral-7B", 1000, latencyMs: null, providerVramGb: 8m);

        Assert.Equal(Tier.BlueSurge, price.Tier);
        Assert.Equal(0.015m, price.BaseReward);
        Assert.Equal(0.03m, price.TokenReward);
        Assert.Equal(0.045m, price.Amount);
    }

    [Fact]
    public void Example3_embeddings_500_tokens_on_Llama3_13B_pays_0_02625()
    {
        var price = Schedule.PriceProvider(ServiceKind.Embeddings, "Llama3-13B", 500, latencyMs: null, providerVramGb: 16m);

        Assert.Equal(Tier.OpenOcean, price.Tier);
        Assert.Equal(0.01575m, price.BaseReward);
        Assert.Equal(0.0105m, price.TokenReward);
        Assert.Equal(0.02625m, price.Amount);
    }

    [Fact]
    public void Referral_split_of_0_375_is_0_0375_then_0_01875_then_0_009375()
    {
        var split = Schedule.ReferralSplit(AccountKind.Provider, 0.375m);

        Assert.Equal([0.0375m, 0.01875m, 0.009375m], split);
    }

    [Fact]
    public void Decimal_arithmetic_is_exact() => Assert.Equal(0.009375m, 0.375m * 0.025m);

    [Fact]
    public void User_chat_with_1000_tokens_earns_2_points() =>
        Assert.Equal(2m, Schedule.PriceUser(ServiceKind.Chat, 1000));

    [Fact]
    public void Monthly_scaling_example_from_the_rates()
    {
        var perRequest = Schedule.PriceProvider(ServiceKind.Chat, "Llama3-70B", 1000, null, 24m).Amount;
        var monthly = 1000 * perRequest;
        var primaryShare = Schedule.ReferralSplit(AccountKind.Provider, monthly)[0];

        Assert.Equal(375m, monthly);
        Assert.Equal(37.5m, primaryShare);
        Assert.Equal(187.5m, 5 * primaryShare);
    }

    [Fact]
    public void Network_example_1_active_developers_165_points()
    {
        var direct = Schedule.ReferralRate(AccountKind.User, 1) * (5 * 100m);
        var secondary = Schedule.ReferralRate(AccountKind.User, 2) * (15 * 50m);
        var tertiary = Schedule.ReferralRate(AccountKind.User, 3) * (30 * 25m);

        Assert.Equal(75m, direct);
        Assert.Equal(60m, secondary);
        Assert.Equal(30m, tertiary);
        Assert.Equal(165m, direct + secondary + tertiary);
    }

    [Fact]
    public void Network_example_2_high_end_providers_185_625()
    {
        var perRequest = Schedule.PriceProvider(ServiceKind.Chat, "Llama3-70B", 1000, null, 22m).Amount;
        var direct = Schedule.ReferralRate(AccountKind.Provider, 1) * (3 * (1000 * perRequest));
        var secondary = Schedule.ReferralRate(AccountKind.Provider, 2) * (6 * (500 * perRequest));
        var tertiary = Schedule.ReferralRate(AccountKind.Provider, 3) * (6 * (300 * perRequest));

        Assert.Equal(187.5m, 500 * perRequest);
        Assert.Equal(112.5m, 300 * perRequest);
        Assert.Equal(112.5m, direct);
        Assert.Equal(56.25m, secondary);
        Assert.Equal(16.875m, tertiary);
        Assert.Equal(185.625m, direct + secondary + tertiary);
    }

    [Fact]
    public void Amounts_are_normalized_so_json_shows_0_225_not_0_22500()
    {
        var price = Schedule.PriceProvider(ServiceKind.Chat, "Llama3-70B", 1000, null, 24m);

        Assert.Equal("0.225", price.BaseReward.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0.375", price.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0.009375", Schedule.ReferralSplit(AccountKind.Provider, price.Amount)[2].ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
