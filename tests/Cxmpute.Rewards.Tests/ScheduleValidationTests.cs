using System.Text.Json.Nodes;
using Cxmpute.Rewards;

namespace Cxmpute.Rewards.Tests;

/// <summary>Every bad schedule is refused at load with a message that names the bad entry.</summary>
public sealed class ScheduleValidationTests
{
    [Fact]
    public void Negative_rate_is_refused()
    {
        var ex = TestSchedule.Refused(j => j.Entry("tiers", 1)["baseReward"] = -0.015m);

        AssertNames(ex, "tiers[1] 'blue-surge': 'baseReward' must not be negative (was -0.015)");
    }

    [Theory]
    [InlineData("services", 2, "multiplier", "services[2] 'embeddings'")]
    [InlineData("models", 0, "complexity", "models[0] 'Llama3-70B'")]
    [InlineData("userPoints", 0, "pointsPerToken", "userPoints[0] 'chat'")]
    [InlineData("tiers", 3, "tokenMultiplier", "tiers[3] 'mariana-depth'")]
    public void Negative_multipliers_are_refused(string array, int index, string property, string label)
    {
        var ex = TestSchedule.Refused(j => j.Entry(array, index)[property] = -1m);

        AssertNames(ex, $"{label}: '{property}' must not be negative");
    }

    [Fact]
    public void Negative_bonus_and_performance_multiplier_are_refused()
    {
        var ex = TestSchedule.Refused(j =>
        {
            j["referrals"]!["user"]!["directBonus"] = -25m;
            j["performance"]!["slow"]!["multiplier"] = -0.9m;
        });

        AssertNames(ex, "referrals.user: 'directBonus' must not be negative");
        AssertNames(ex, "performance.slow: 'multiplier' must not be negative");
    }

    [Fact]
    public void Missing_tier_is_refused()
    {
        var ex = TestSchedule.Refused(j => j["tiers"]!.AsArray().RemoveAt(2));

        AssertNames(ex, "tiers: missing tier 'open-ocean'");
    }

    [Fact]
    public void Duplicate_tier_is_refused()
    {
        var ex = TestSchedule.Refused(j => j.Entry("tiers", 2)["tier"] = "Blue-Surge");

        AssertNames(ex, "tiers[2] 'Blue-Surge': duplicate tier 'blue-surge', already given by tiers[1] 'blue-surge'");
        AssertNames(ex, "missing tier 'open-ocean'");
    }

    [Fact]
    public void Unknown_tier_entry_is_refused()
    {
        var ex = TestSchedule.Refused(j => j.Entry("tiers", 0)["tier"] = "shallows");

        AssertNames(ex, "tiers[0] 'shallows': unknown tier 'shallows'");
    }

    [Fact]
    public void Duplicate_model_differing_only_in_case_is_refused()
    {
        var ex = TestSchedule.Refused(j =>
            j["models"]!.AsArray().Add(new JsonObject { ["name"] = "llama3-70b", ["tier"] = "mariana-depth", ["complexity"] = 3.0m }));

        AssertNames(ex, "models[7] 'llama3-70b': duplicate model name (case-insensitive) of models[0]");
    }

    [Fact]
    public void Model_with_unknown_tier_is_refused()
    {
        var ex = TestSchedule.Refused(j => j.Entry("models", 2)["tier"] = "deep-sea");

        AssertNames(ex, "models[2] 'Llama3-13B': unknown tier 'deep-sea'");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" Llama3-70B")]
    public void Model_with_bad_name_is_refused(string name)
    {
        var ex = TestSchedule.Refused(j => j.Entry("models", 0)["name"] = name);

        AssertNames(ex, "models[0]");
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    public void Percentage_outside_0_to_1_is_refused(string rate)
    {
        var ex = TestSchedule.Refused(j =>
            j["referrals"]!["user"]!["levelRates"]![0] = decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture));

        AssertNames(ex, $"referrals.user: 'levelRates[0]' (level 1) must be between 0 and 1 (was {rate})");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Referral_levels_must_be_exactly_three(int count)
    {
        var ex = TestSchedule.Refused(j =>
        {
            var rates = new JsonArray();
            for (var i = 0; i < count; i++)
            {
                rates.Add(0.01m);
            }

            j["referrals"]!["provider"]!["levelRates"] = rates;
        });

        AssertNames(ex, $"referrals.provider: 'levelRates' must have exactly 3 entries (levels 1, 2, 3), found {count}");
    }

    [Fact]
    public void Missing_version_is_refused()
    {
        var ex = TestSchedule.Refused(j => j.Remove("version"));

        AssertNames(ex, "schedule: 'version' is required");
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026 11 27")]
    public void Blank_or_spaced_version_is_refused(string version)
    {
        var ex = TestSchedule.Refused(j => j["version"] = version);

        AssertNames(ex, "'version' must");
    }

    [Fact]
    public void Vram_gap_between_tiers_is_refused()
    {
        var ex = TestSchedule.Refused(j => j.Entry("tiers", 1)["maxVramGbInclusive"] = 7m);

        AssertNames(ex, "tiers[1] 'blue-surge' and tiers[2] 'open-ocean': VRAM gap between 7 GB and 8 GB");
    }

    [Fact]
    public void Vram_overlap_between_tiers_is_refused()
    {
        var ex = TestSchedule.Refused(j => j.Entry("tiers", 1)["maxVramGbInclusive"] = 9m);

        AssertNames(ex, "tiers[1] 'blue-surge' and tiers[2] 'open-ocean': VRAM ranges overlap between 8 GB and 9 GB");
    }

    [Fact]
    public void Vram_boundary_in_both_tiers_is_an_overlap()
    {
        var ex = TestSchedule.Refused(j =>
        {
            j.Entry("tiers", 2).Remove("maxVramGbExclusive");
            j.Entry("tiers", 2)["maxVramGbInclusive"] = 22m;
        });

        AssertNames(ex, "tiers[2] 'open-ocean' and tiers[3] 'mariana-depth': VRAM ranges overlap at 22 GB");
    }

    [Fact]
    public void Vram_boundary_in_neither_tier_is_a_gap()
    {
        var ex = TestSchedule.Refused(j =>
        {
            j.Entry("tiers", 0).Remove("maxVramGbInclusive");
            j.Entry("tiers", 0)["maxVramGbExclusive"] = 4m;
        });

        AssertNames(ex, "tiers[0] 'tide-pool' and tiers[1] 'blue-surge': VRAM gap at 4 GB");
    }

    [Fact]
    public void Lowest_tier_must_start_at_zero()
    {
        var ex = TestSchedule.Refused(j => j.Entry("tiers", 0)["minVramGbExclusive"] = 1m);

        AssertNames(ex, "tiers[0] 'tide-pool': VRAM gap: (0 GB, 1 GB) has no tier");
    }

    [Fact]
    public void Highest_tier_must_be_open_ended()
    {
        var ex = TestSchedule.Refused(j => j.Entry("tiers", 3)["maxVramGbInclusive"] = 80m);

        AssertNames(ex, "tiers[3] 'mariana-depth': VRAM gap: VRAM above 80 GB has no tier");
    }

    [Fact]
    public void Only_the_highest_tier_may_be_open_ended()
    {
        var ex = TestSchedule.Refused(j => j.Entry("tiers", 2).Remove("maxVramGbExclusive"));

        AssertNames(ex, "tiers[2] 'open-ocean': needs an upper VRAM bound");
    }

    [Fact]
    public void Tiers_must_rise_in_rank_order()
    {
        var ex = TestSchedule.Refused(j =>
        {
            j.Entry("tiers", 0)["tier"] = "blue-surge";
            j.Entry("tiers", 1)["tier"] = "tide-pool";
        });

        AssertNames(ex, "VRAM");
    }

    [Fact]
    public void Lower_bound_must_be_given_once()
    {
        var both = TestSchedule.Refused(j => j.Entry("tiers", 1)["minVramGbInclusive"] = 4m);
        var none = TestSchedule.Refused(j => j.Entry("tiers", 1).Remove("minVramGbExclusive"));

        AssertNames(both, "tiers[1] 'blue-surge': give only one of 'minVramGbInclusive' and 'minVramGbExclusive'");
        AssertNames(none, "tiers[1] 'blue-surge': one of 'minVramGbInclusive' or 'minVramGbExclusive' is required");
    }

    [Fact]
    public void Missing_duplicate_and_unknown_services_are_refused()
    {
        var missing = TestSchedule.Refused(j => j["services"]!.AsArray().RemoveAt(1));
        var duplicate = TestSchedule.Refused(j => j.Entry("userPoints", 3)["service"] = "/chat/completions");
        var unknown = TestSchedule.Refused(j => j.Entry("services", 0)["service"] = "images");

        AssertNames(missing, "services: missing service 'tts'");
        AssertNames(duplicate, "userPoints[3] '/chat/completions': duplicate service 'chat', already given by userPoints[0] 'chat'");
        AssertNames(unknown, "services[0] 'images': unknown service 'images'");
    }

    [Fact]
    public void Fast_threshold_above_slow_threshold_is_refused()
    {
        var ex = TestSchedule.Refused(j => j["performance"]!["fast"]!["belowLatencyMs"] = 20000);

        AssertNames(ex, "performance: fast.belowLatencyMs (20000) must not exceed slow.aboveLatencyMs (10000)");
    }

    [Fact]
    public void Fractional_latency_threshold_is_refused()
    {
        var ex = TestSchedule.Refused(j => j["performance"]!["slow"]!["aboveLatencyMs"] = 10000.5m);

        AssertNames(ex, "performance.slow: 'aboveLatencyMs' must be a whole number");
    }

    [Fact]
    public void Misspelt_property_is_refused()
    {
        var ex = TestSchedule.Refused(j => j.Entry("tiers", 0)["baseRewrd"] = 0.005m);

        AssertNames(ex, "tiers[0] 'tide-pool': unknown property 'baseRewrd'");
    }

    [Fact]
    public void Number_as_string_is_refused()
    {
        var ex = TestSchedule.Refused(j => j.Entry("tiers", 0)["baseReward"] = "0.005");

        AssertNames(ex, "tiers[0] 'tide-pool': 'baseReward' must be a number");
    }

    [Fact]
    public void Number_that_decimal_would_round_is_refused()
    {
        var ex = Assert.Throws<ScheduleValidationException>(() => RewardSchedule.Parse(
            TestSchedule.Json().ToJsonString().Replace("\"baseReward\":0.005", "\"baseReward\":0.00500000000000000000000000000001", StringComparison.Ordinal)));

        AssertNames(ex, "tiers[0] 'tide-pool': 'baseReward' cannot be represented exactly as a decimal");
    }

    [Fact]
    public void Rates_that_would_round_or_overflow_at_max_tokens_are_refused()
    {
        var tooPrecise = TestSchedule.Refused(j => j.Entry("tiers", 3)["tokenMultiplier"] = 0.0000000000000000000123456789m);
        var tooLarge = TestSchedule.Refused(j => j.Entry("tiers", 1)["tokenMultiplier"] = 100000000000000000000m);

        AssertNames(tooPrecise, "models[0] 'Llama3-70B': the provider price for service 'embeddings' for 2147483647 tokens cannot be computed exactly");
        AssertNames(tooLarge, "defaultModel: the provider price for service 'chat'");
    }

    [Fact]
    public void Invalid_json_is_refused()
    {
        var ex = Assert.Throws<ScheduleValidationException>(() => RewardSchedule.Parse("{\"version\": \"1\","));

        AssertNames(ex, "schedule: is not valid JSON");
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var ex = TestSchedule.Refused(j =>
        {
            j.Remove("version");
            j.Entry("tiers", 1)["baseReward"] = -1m;
            j.Entry("models", 3)["tier"] = "nowhere";
            j["referrals"]!["user"]!["levelRates"]![2] = 2m;
        });

        Assert.Equal(4, ex.Errors.Count);
        AssertNames(ex, "'version' is required");
        AssertNames(ex, "tiers[1] 'blue-surge'");
        AssertNames(ex, "models[3] 'Llama3-8B'");
        AssertNames(ex, "levelRates[2]");
        Assert.Contains("4 problems", ex.Message, StringComparison.Ordinal);
    }

    private static void AssertNames(ScheduleValidationException ex, string expected)
    {
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains(ex.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }
}
