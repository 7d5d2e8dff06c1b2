using System.Globalization;
using System.Text.Json;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>The stats responses carry exactly the contract's fields, with the original dashboard's names.</summary>
[Collection(ApiCollection.Name)]
[Trait(Needs.Key, Needs.Grains)]
public sealed class StatsApiTests(CxmputeApiFactory factory)
{
    private static readonly string[] Common =
    [
        "accountId", "referralCode", "referredBy", "totalReferralRewards", "totalEarnings", "referralRewardsByType",
        "directReferrals", "secondaryReferrals", "tertiaryReferrals", "lifetime", "history", "trend", "activity",
    ];

    private readonly LedgerApi _api = new(factory.NewClient());

    [Fact]
    public async Task User_stats_have_exactly_the_contract_fields()
    {
        var user = Ids.User();
        await _api.AwardOkAsync(Awards.UserChat(user));

        var stats = await _api.StatsOkAsync(user);

        Assert.Equal(Common.Append("totalUsageRewards").Order(StringComparer.Ordinal), stats.PropertyNames().Order(StringComparer.Ordinal));
        Assert.Equal(user, stats.GetProperty("accountId").GetString());
        Assert.Equal(user, stats.GetProperty("referralCode").GetString());
        Assert.Equal(JsonValueKind.Null, stats.GetProperty("referredBy").ValueKind);
        Assert.Equal(2m, stats.Decimal("totalUsageRewards"));
        Assert.Equal(0m, stats.Decimal("totalReferralRewards"));
        Assert.Equal(2m, stats.Decimal("totalEarnings"));
        Assert.Equal(["direct", "primary", "secondary", "tertiary"], stats.GetProperty("referralRewardsByType").PropertyNames());
        Assert.Equal(["earned", "referral", "total"], stats.GetProperty("lifetime").PropertyNames());
        Assert.Equal(["last7Days", "previous7Days", "changePercent"], stats.GetProperty("trend").PropertyNames());
        Assert.Equal(JsonValueKind.Null, stats.GetProperty("trend").GetProperty("changePercent").ValueKind);
        Assert.Equal(["requests", "tokens"], stats.GetProperty("activity").PropertyNames());
        Assert.Equal(1, stats.GetProperty("activity").GetProperty("requests").GetInt64());
        Assert.Equal(1000, stats.GetProperty("activity").GetProperty("tokens").GetInt64());
    }

    [Fact]
    public async Task History_has_30_days_oldest_first_ending_today()
    {
        var user = Ids.User();
        await _api.AwardOkAsync(Awards.UserChat(user));

        var history = (await _api.StatsOkAsync(user)).GetProperty("history");

        Assert.Equal(30, history.GetArrayLength());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var i = 0; i < 30; i++)
        {
            var day = history[i];
            Assert.Equal(["day", "earned", "referral", "total", "newReferrals"], day.PropertyNames());
            Assert.Equal(today.AddDays(i - 29).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day.GetProperty("day").GetString());
        }

        Assert.Equal(2m, history[29].Decimal("earned"));
        Assert.Equal(2m, history[29].Decimal("total"));
    }

    [Fact]
    public async Task Provider_stats_have_exactly_the_contract_fields()
    {
        var chain = await _api.ProviderChainAsync(2);
        var provider = chain[1];
        await _api.AwardOkAsync(Awards.ProviderChat(provider, "Llama3-70B", 1000, latencyMs: 1500));

        var stats = await _api.StatsOkAsync(provider);

        string[] expected = [.. Common, "totalComputeRewards", "tier", "earningsByModel", "earningsByTier", "performance"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), stats.PropertyNames().Order(StringComparer.Ordinal));
        Assert.Equal(chain[0], stats.GetProperty("referredBy").GetString());
        Assert.Equal(0.4125m, stats.Decimal("totalComputeRewards"));
        Assert.Equal(0.4125m, stats.Decimal("totalEarnings"));
        var tier = stats.GetProperty("tier");
        Assert.Equal(["name", "vramGb", "baseReward", "tokenMultiplier"], tier.PropertyNames());
        Assert.Equal("mariana-depth", tier.GetProperty("name").GetString());
        Assert.Equal(24m, tier.Decimal("vramGb"));
        Assert.Equal(0.075m, tier.Decimal("baseReward"));
        Assert.Equal(0.00015m, tier.Decimal("tokenMultiplier"));
        Assert.Equal(0.4125m, stats.GetProperty("earningsByModel").EnumerateObject().Single().Value.GetDecimal());
        var byTier = stats.GetProperty("earningsByTier").EnumerateObject().Single();
        Assert.Equal(("mariana-depth", 0.4125m), (byTier.Name, byTier.Value.GetDecimal()));
        var performance = stats.GetProperty("performance");
        Assert.Equal(["requests", "fastResponses", "slowResponses", "averageLatencyMs"], performance.PropertyNames());
        Assert.Equal(1, performance.GetProperty("requests").GetInt64());
        Assert.Equal(1, performance.GetProperty("fastResponses").GetInt64());
        Assert.Equal(1500m, performance.Decimal("averageLatencyMs"));
    }

    [Fact]
    public async Task Referral_rewards_count_in_total_earnings_and_by_level()
    {
        var chain = await _api.ProviderChainAsync(4);
        await _api.AwardOkAsync(Awards.ProviderChat(chain[3], "Llama3-70B", 1000));

        var root = await _api.StatsOkAsync(chain[0]);
        var middle = await _api.StatsOkAsync(chain[1]);

        Assert.Equal(50m + 0.009375m, root.Decimal("totalReferralRewards"));
        Assert.Equal(0m, root.Decimal("totalComputeRewards"));
        Assert.Equal(50m + 0.009375m, root.Decimal("totalEarnings"));
        Assert.Equal(0.009375m, root.GetProperty("referralRewardsByType").Decimal("tertiary"));
        Assert.Equal((1L, 1L, 1L), (root.GetProperty("directReferrals").GetInt64(), root.GetProperty("secondaryReferrals").GetInt64(), root.GetProperty("tertiaryReferrals").GetInt64()));
        Assert.Equal(0.01875m, middle.GetProperty("referralRewardsByType").Decimal("secondary"));
        Assert.Equal(50m + 0.01875m, middle.GetProperty("lifetime").Decimal("referral"));
    }
}
