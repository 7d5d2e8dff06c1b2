using Cxmpute.Rewards;

namespace Cxmpute.Rewards.Tests;

/// <summary>Rule hardware-tier: VRAM → hardware tier, and eligibility of a provider for a model's tier.</summary>
public sealed class HardwareTierTests
{
    private static readonly RewardSchedule Schedule = TestSchedule.Real;

    public static TheoryData<string, Tier> Boundaries => new()
    {
        { "0.0000001", Tier.TidePool },
        { "1", Tier.TidePool },
        { "4", Tier.TidePool },
        { "4.0", Tier.TidePool },
        { "4.0001", Tier.BlueSurge },
        { "4.01", Tier.BlueSurge },
        { "7.5", Tier.BlueSurge },
        { "8", Tier.BlueSurge },
        { "8.0001", Tier.OpenOcean },
        { "8.01", Tier.OpenOcean },
        { "16", Tier.OpenOcean },
        { "21.99", Tier.OpenOcean },
        { "21.9999999", Tier.OpenOcean },
        { "22", Tier.MarianaDepth },
        { "24", Tier.MarianaDepth },
        { "80", Tier.MarianaDepth },
        { "100000", Tier.MarianaDepth },
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void Vram_maps_to_tier_on_both_sides_of_each_boundary(string vramGb, Tier expected)
    {
        Assert.Equal(expected, Schedule.HardwareTierFor(D(vramGb)));
        Assert.Equal(Spec.HardwareTier(D(vramGb)), Schedule.HardwareTierFor(D(vramGb)));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void Vram_must_be_above_zero(string vramGb) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.HardwareTierFor(D(vramGb)));

    [Fact]
    public void Provider_with_8_GB_serving_Llama3_70B_is_not_eligible()
    {
        var ex = Assert.Throws<TierNotEligibleException>(
            () => Schedule.PriceProvider(ServiceKind.Chat, "Llama3-70B", 1000, null, providerVramGb: 8m));

        Assert.Equal("tier_not_eligible", ex.Code);
        Assert.Equal(Tier.BlueSurge, ex.HardwareTier);
        Assert.Equal(Tier.MarianaDepth, ex.RequiredTier);
        Assert.Contains("blue-surge", ex.Message, StringComparison.Ordinal);
        Assert.Contains("mariana-depth", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("21.99")]
    [InlineData("4")]
    public void Below_22_GB_is_not_eligible_for_a_mariana_depth_model(string vramGb) =>
        Assert.Throws<TierNotEligibleException>(
            () => Schedule.PriceProvider(ServiceKind.Chat, "llama3-70b", 10, null, D(vramGb)));

    [Fact]
    public void Provider_with_22_GB_may_serve_Llama3_70B() =>
        Assert.Equal(0.375m, Schedule.PriceProvider(ServiceKind.Chat, "Llama3-70B", 1000, null, 22m).Amount);

    [Fact]
    public void Eligibility_uses_the_unknown_models_default_tier_blue_surge()
    {
        Assert.Throws<TierNotEligibleException>(() => Schedule.PriceProvider(ServiceKind.Chat, "Some-New-Model", 10, null, 4m));
        Assert.Equal(Tier.BlueSurge, Schedule.PriceProvider(ServiceKind.Chat, "Some-New-Model", 10, null, 4.01m).Tier);
    }

    [Fact]
    public void Tide_pool_hardware_may_serve_tide_pool_models_only()
    {
        Assert.Equal(Tier.TidePool, Schedule.PriceProvider(ServiceKind.Chat, "Gemma-2B", 10, null, 2m).Tier);
        Assert.Throws<TierNotEligibleException>(() => Schedule.PriceProvider(ServiceKind.Chat, "Llama3-8B", 10, null, 2m));
    }

    [Fact]
    public void Higher_hardware_tier_than_the_model_is_fine_and_pays_the_models_tier_rates()
    {
        var onMariana = Schedule.PriceProvider(ServiceKind.Chat, "Mistral-7B", 1000, null, providerVramGb: 80m);
        var onBlueSurge = Schedule.PriceProvider(ServiceKind.Chat, "Mistral-7B", 1000, null, providerVramGb: 8m);

        Assert.Equal(Tier.BlueSurge, onMariana.Tier);
        Assert.Equal(0.045m, onMariana.Amount);
        Assert.Equal(onBlueSurge, onMariana);
    }

    [Fact]
    public void Tier_ranges_in_the_schedule_match_the_ruling()
    {
        var tiers = Schedule.Tiers;

        Assert.Equal([Tier.TidePool, Tier.BlueSurge, Tier.OpenOcean, Tier.MarianaDepth], tiers.Select(t => t.Tier));
        Assert.Equal(new TierRates(Tier.TidePool, 0.005m, 0.00001m, 0m, false, 4m, true), tiers[0]);
        Assert.Equal(new TierRates(Tier.BlueSurge, 0.015m, 0.00003m, 4m, false, 8m, true), tiers[1]);
        Assert.Equal(new TierRates(Tier.OpenOcean, 0.035m, 0.00007m, 8m, false, 22m, false), tiers[2]);
        Assert.Equal(new TierRates(Tier.MarianaDepth, 0.075m, 0.00015m, 22m, true, null, false), tiers[3]);
        Assert.All(tiers, t => Assert.Equal(t, Schedule.Rates(t.Tier)));
    }

    private static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}
