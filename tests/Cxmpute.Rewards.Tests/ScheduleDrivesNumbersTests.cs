using System.Text.Json.Nodes;
using Cxmpute.Rewards;

namespace Cxmpute.Rewards.Tests;

/// <summary>Every number comes from the schedule: a modified copy prices differently.</summary>
public sealed class ScheduleDrivesNumbersTests
{
    [Fact]
    public void Doubled_base_rewards_double_the_base_reward()
    {
        var schedule = TestSchedule.With(j =>
        {
            foreach (var tier in j["tiers"]!.AsArray())
            {
                tier!["baseReward"] = tier["baseReward"]!.GetValue<decimal>() * 2;
            }
        });

        var price = schedule.PriceProvider(ServiceKind.Chat, "Llama3-70B", 1000, null, 24m);

        Assert.Equal(0.45m, price.BaseReward);
        Assert.Equal(0.15m, price.TokenReward);
        Assert.Equal(0.6m, price.Amount);
        Assert.Equal(0.15m, schedule.Rates(Tier.MarianaDepth).BaseReward);
    }

    [Fact]
    public void Different_percentages_and_bonuses_change_the_split()
    {
        var schedule = TestSchedule.With(j =>
        {
            j["referrals"]!["provider"] = new JsonObject
            {
                ["directBonus"] = 75m,
                ["levelRates"] = new JsonArray(0.2m, 0.1m, 0.05m),
            };
            j["referrals"]!["user"]!["directBonus"] = 30m;
        });

        Assert.Equal(new[] { 0.075m, 0.0375m, 0.01875m }, schedule.ReferralSplit(AccountKind.Provider, 0.375m));
        Assert.Equal(0.05m, schedule.ReferralRate(AccountKind.Provider, 3));
        Assert.Equal(75m, schedule.DirectBonus(AccountKind.Provider));
        Assert.Equal(30m, schedule.DirectBonus(AccountKind.User));
    }

    [Fact]
    public void Model_table_and_default_entry_come_from_the_schedule()
    {
        var schedule = TestSchedule.With(j =>
        {
            j["models"]!.AsArray().Add(new JsonObject { ["name"] = "Qwen-72B", ["tier"] = "mariana-depth", ["complexity"] = 3.5m });
            j.Entry("models", 4)["complexity"] = 1.2m;
            j["defaultModel"] = new JsonObject { ["tier"] = "tide-pool", ["complexity"] = 0.1m };
        });

        Assert.Equal(new ModelInfo("Qwen-72B", Tier.MarianaDepth, 3.5m, false), schedule.ResolveModel("qwen-72b"));
        Assert.Equal(0.018m + 0.03m, schedule.PriceProvider(ServiceKind.Chat, "Mistral-7B", 1000, null, 8m).Amount);
        Assert.Equal(new ModelInfo("Unknown", Tier.TidePool, 0.1m, true), schedule.ResolveModel("Unknown"));
    }

    [Fact]
    public void Service_rules_come_from_the_schedule()
    {
        var schedule = TestSchedule.With(j =>
        {
            j.Entry("services", 1)["multiplier"] = 0.5m;
            j.Entry("services", 1)["earnsTokenReward"] = true;
            j.Entry("services", 0)["earnsTokenReward"] = false;
        });

        var tts = schedule.PriceProvider(ServiceKind.Tts, "Llama3-70B", 1000, null, 24m);
        var chat = schedule.PriceProvider(ServiceKind.Chat, "Llama3-70B", 1000, null, 24m);

        Assert.Equal(0.1125m, tts.BaseReward);
        Assert.Equal(0.075m, tts.TokenReward);
        Assert.Equal(0m, chat.TokenReward);
        Assert.Equal(0.225m, chat.Amount);
    }

    [Fact]
    public void Performance_thresholds_come_from_the_schedule()
    {
        var schedule = TestSchedule.With(j => j["performance"] = new JsonObject
        {
            ["fast"] = new JsonObject { ["belowLatencyMs"] = 500, ["multiplier"] = 1.25m },
            ["slow"] = new JsonObject { ["aboveLatencyMs"] = 3000, ["multiplier"] = 0.5m },
            ["normalMultiplier"] = 1m,
        });

        Assert.Equal(1.25m, schedule.PerformanceMultiplier(499));
        Assert.Equal(1m, schedule.PerformanceMultiplier(500));
        Assert.Equal(1m, schedule.PerformanceMultiplier(1999));
        Assert.Equal(0.5m, schedule.PerformanceMultiplier(3001));
    }

    [Fact]
    public void User_points_come_from_the_schedule()
    {
        var schedule = TestSchedule.With(j =>
        {
            j.Entry("userPoints", 0)["basePoints"] = 2m;
            j.Entry("userPoints", 3)["pointsPerToken"] = 0.01m;
        });

        Assert.Equal(3m, schedule.PriceUser(ServiceKind.Chat, 1000));
        Assert.Equal(10.8m, schedule.PriceUser(ServiceKind.Tts, 1000));
    }

    [Fact]
    public void Vram_bounds_and_version_come_from_the_schedule()
    {
        var schedule = TestSchedule.With(j =>
        {
            j["version"] = "2027-01-01.2";
            j.Entry("tiers", 2)["maxVramGbExclusive"] = 24m;
            j.Entry("tiers", 3).Remove("minVramGbInclusive");
            j.Entry("tiers", 3)["minVramGbInclusive"] = 24m;
        });

        Assert.Equal("2027-01-01.2", schedule.Version);
        Assert.Equal(Tier.OpenOcean, schedule.HardwareTierFor(22m));
        Assert.Equal(Tier.MarianaDepth, schedule.HardwareTierFor(24m));
    }
}
