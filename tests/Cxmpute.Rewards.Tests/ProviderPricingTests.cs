using Cxmpute.Rewards;

namespace Cxmpute.Rewards.Tests;

/// <summary>Rules model-tier, unknown-model, provider-formula: provider compute earnings.</summary>
public sealed class ProviderPricingTests
{
    private const decimal MarianaVram = 24m;
    private static readonly RewardSchedule Schedule = TestSchedule.Real;

    [Theory]
    [InlineData(ServiceKind.Chat, "0.375")]
    [InlineData(ServiceKind.Embeddings, "0.1125")]
    [InlineData(ServiceKind.Tts, "0.135")]
    [InlineData(ServiceKind.Scrape, "0.045")]
    public void Service_multipliers_scale_base_and_token_rewards(ServiceKind service, string expected)
    {
        // chat 1.0: 0.225 + 0.15; embeddings 0.3: 0.0675 + 0.045; tts 0.6: 0.135 (no tokens); scrape 0.2: 0.045 (no tokens)
        var price = Schedule.PriceProvider(service, "Llama3-70B", 1000, null, MarianaVram);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), price.Amount);
        Assert.Equal(0.075m * Spec.ServiceMultiplier[service] * 3.0m, price.BaseReward);
    }

    [Theory]
    [InlineData(ServiceKind.Tts)]
    [InlineData(ServiceKind.Scrape)]
    public void Tts_and_scrape_ignore_tokens(ServiceKind service)
    {
        var none = Schedule.PriceProvider(service, "Llama3-70B", 0, null, MarianaVram);
        var many = Schedule.PriceProvider(service, "Llama3-70B", int.MaxValue, null, MarianaVram);

        Assert.Equal(0m, many.TokenReward);
        Assert.Equal(none, many);
    }

    [Theory]
    [InlineData(ServiceKind.Chat)]
    [InlineData(ServiceKind.Embeddings)]
    public void Chat_and_embeddings_earn_token_rewards(ServiceKind service)
    {
        var price = Schedule.PriceProvider(service, "Llama3-70B", 1000, null, MarianaVram);

        Assert.Equal(1000 * 0.00015m * Spec.ServiceMultiplier[service], price.TokenReward);
    }

    [Theory]
    [InlineData("Some-Unknown-Model")]
    [InlineData("gpt-5")]
    public void Unknown_model_uses_the_default_entry_blue_surge_complexity_1(string model)
    {
        var info = Schedule.ResolveModel(model);
        var price = Schedule.PriceProvider(ServiceKind.Chat, model, 1000, null, 8m);

        Assert.Equal(new ModelInfo(model, Tier.BlueSurge, 1.0m, IsDefault: true), info);
        Assert.Equal(model, price.Model);
        Assert.Equal(Tier.BlueSurge, price.Tier);
        Assert.Equal(1.0m, price.Complexity);
        Assert.Equal(0.045m, price.Amount);
    }

    [Theory]
    [InlineData("Llama3-70B")]
    [InlineData("llama3-70b")]
    [InlineData("LLAMA3-70B")]
    [InlineData("lLaMa3-70b")]
    public void Model_names_match_case_insensitively_and_report_the_canonical_name(string model)
    {
        var price = Schedule.PriceProvider(ServiceKind.Chat, model, 1000, null, MarianaVram);

        Assert.Equal(new ModelInfo("Llama3-70B", Tier.MarianaDepth, 3.0m, IsDefault: false), Schedule.ResolveModel(model));
        Assert.Equal("Llama3-70B", price.Model);
        Assert.Equal(0.375m, price.Amount);
    }

    [Fact]
    public void Model_name_match_is_exact_apart_from_case()
    {
        Assert.True(Schedule.ResolveModel("Llama3-70B ").IsDefault);
        Assert.True(Schedule.ResolveModel("Llama3_70B").IsDefault);
    }

    [Fact]
    public void Model_table_matches_the_source_document()
    {
        Assert.Equal(
            Spec.Models.Select(m => new ModelInfo(m.Name, m.Tier, m.Complexity, false)),
            Schedule.Models);
    }

    [Theory]
    [InlineData(1500, "0.4125")]
    [InlineData(5000, "0.375")]
    [InlineData(12000, "0.3375")]
    public void Performance_multiplies_the_whole_amount(int latencyMs, string expected)
    {
        var price = Schedule.PriceProvider(ServiceKind.Chat, "Llama3-70B", 1000, latencyMs, MarianaVram);

        Assert.Equal(0.225m, price.BaseReward);
        Assert.Equal(0.15m, price.TokenReward);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), price.Amount);
    }

    [Fact]
    public void Api_example_with_fast_response()
    {
        var price = Schedule.PriceProvider(ServiceKind.Chat, "Llama3-70B", 1000, 1500, MarianaVram);

        Assert.Equal(1.1m, price.PerformanceMultiplier);
        Assert.Equal(0.4125m, price.Amount);
        Assert.Equal(0.04125m, Schedule.ReferralSplit(AccountKind.Provider, price.Amount)[0]);
    }

    [Fact]
    public void Every_model_and_service_prices_by_the_formula()
    {
        foreach (var (name, tier, complexity) in Spec.Models)
        {
            foreach (var service in Enum.GetValues<ServiceKind>())
            {
                var (tierBase, tierToken) = Spec.TierRates[tier];
                var multiplier = Spec.ServiceMultiplier[service];
                var expectedBase = tierBase * multiplier * complexity;
                var expectedToken = Spec.EarnsTokenReward(service) ? 777 * tierToken * multiplier : 0m;

                var price = Schedule.PriceProvider(service, name, 777, 999, MarianaVram);

                Assert.Equal(expectedBase, price.BaseReward);
                Assert.Equal(expectedToken, price.TokenReward);
                Assert.Equal((expectedBase + expectedToken) * 1.1m, price.Amount);
            }
        }
    }

    [Fact]
    public void Zero_tokens_earn_the_base_reward_only() =>
        Assert.Equal(0.225m, Schedule.PriceProvider(ServiceKind.Chat, "Llama3-70B", 0, null, MarianaVram).Amount);

    [Fact]
    public void Invalid_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.PriceProvider(ServiceKind.Chat, "Llama3-70B", -1, null, MarianaVram));
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.PriceProvider(ServiceKind.Chat, "Llama3-70B", 1, -1, MarianaVram));
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.PriceProvider(ServiceKind.Chat, "Llama3-70B", 1, null, 0m));
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.PriceProvider((ServiceKind)42, "Llama3-70B", 1, null, MarianaVram));
        Assert.ThrowsAny<ArgumentException>(() => Schedule.PriceProvider(ServiceKind.Chat, " ", 1, null, MarianaVram));
        Assert.ThrowsAny<ArgumentException>(() => Schedule.ResolveModel(null!));
    }
}
