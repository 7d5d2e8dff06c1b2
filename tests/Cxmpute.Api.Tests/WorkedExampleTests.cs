using System.Text.Json.Nodes;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>The source document's worked examples, as API calls, with exact decimals.</summary>
[Collection(ApiCollection.Name)]
[Trait(Needs.Key, Needs.Grains)]
public sealed class WorkedExampleTests(CxmputeApiFactory factory)
{
    private readonly LedgerApi _api = new(factory.NewClient());

    [Fact]
    public async Task Example_1_Llama3_70B_chat_of_1000_tokens_pays_0_375()
    {
        var provider = await _api.ProviderAsync(24m);

        var result = await _api.AwardOkAsync(Awards.ProviderChat(provider, "Llama3-70B", 1000));

        Assert.False(result.TryGetProperty("user", out _));
        var earned = result.GetProperty("provider");
        Assert.Equal(provider, earned.GetProperty("accountId").GetString());
        Assert.Equal("mariana-depth", earned.GetProperty("tier").GetString());
        Assert.Equal(3.0m, earned.Decimal("complexity"));
        Assert.Equal(0.225m, earned.Decimal("baseReward"));
        Assert.Equal(0.15m, earned.Decimal("tokenReward"));
        Assert.Equal(1.0m, earned.Decimal("performanceMultiplier"));
        Assert.Equal(0.375m, earned.Decimal("amount"));
        Assert.Equal(0, earned.GetProperty("referrals").GetArrayLength());
    }

    [Theory]
    [InlineData(1500, "1.1", "0.4125")]
    [InlineData(2000, "1.0", "0.375")]
    [InlineData(10000, "1.0", "0.375")]
    [InlineData(10001, "0.9", "0.3375")]
    public async Task Latency_moves_the_amount_by_the_performance_multiplier(int latencyMs, string multiplier, string amount)
    {
        var provider = await _api.ProviderAsync(24m);

        var earned = (await _api.AwardOkAsync(Awards.ProviderChat(provider, "Llama3-70B", 1000, latencyMs))).GetProperty("provider");

        Assert.Equal(decimal.Parse(multiplier, System.Globalization.CultureInfo.InvariantCulture), earned.Decimal("performanceMultiplier"));
        Assert.Equal(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), earned.Decimal("amount"));
    }

    [Fact]
    public async Task Example_2_a_7B_model_on_Blue_Surge_pays_0_045()
    {
        var provider = await _api.ProviderAsync(8m);

        var earned = (await _api.AwardOkAsync(Awards.ProviderChat(provider, "Mistral-7B", 1000))).GetProperty("provider");

        Assert.Equal("blue-surge", earned.GetProperty("tier").GetString());
        Assert.Equal(0.015m, earned.Decimal("baseReward"));
        Assert.Equal(0.03m, earned.Decimal("tokenReward"));
        Assert.Equal(0.045m, earned.Decimal("amount"));
    }

    [Fact]
    public async Task Example_3_embeddings_of_500_tokens_on_Open_Ocean_pays_0_02625()
    {
        var provider = await _api.ProviderAsync(16m);
        var award = Awards.ProviderChat(provider, "Llama3-13B", 500);
        award["service"] = "embeddings";

        var earned = (await _api.AwardOkAsync(award)).GetProperty("provider");

        Assert.Equal("open-ocean", earned.GetProperty("tier").GetString());
        Assert.Equal(0.01575m, earned.Decimal("baseReward"));
        Assert.Equal(0.0105m, earned.Decimal("tokenReward"));
        Assert.Equal(0.02625m, earned.Decimal("amount"));
    }

    [Theory]
    [InlineData("chat", 1000, "2")]
    [InlineData("/chat/completions", 1000, "2")]
    [InlineData("embeddings", 1000, "1.0")]
    [InlineData("/embeddings", 1000, "1.0")]
    [InlineData("scrape", 1000, "0.2")]
    [InlineData("tts", 1000, "0.8")]
    public async Task User_points_follow_the_points_table(string service, int tokens, string points)
    {
        var award = Awards.UserChat(tokens: tokens);
        award["service"] = service;

        var earned = (await _api.AwardOkAsync(award)).GetProperty("user");

        Assert.Equal(decimal.Parse(points, System.Globalization.CultureInfo.InvariantCulture), earned.Decimal("amount"));
    }

    [Fact]
    public async Task A_referred_high_earner_pays_10_5_and_2_5_percent_up_the_chain()
    {
        var chain = await _api.ProviderChainAsync(4);

        var result = await _api.AwardOkAsync(Awards.ProviderChat(chain[3], "Llama3-70B", 1000));

        var referrals = result.GetProperty("provider").GetProperty("referrals");
        Assert.Equal(3, referrals.GetArrayLength());
        (int Level, string Account, decimal Amount)[] expected = [(1, chain[2], 0.0375m), (2, chain[1], 0.01875m), (3, chain[0], 0.009375m)];
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i].Level, referrals[i].GetProperty("level").GetInt32());
            Assert.Equal(expected[i].Account, referrals[i].GetProperty("accountId").GetString());
            Assert.Equal(expected[i].Amount, referrals[i].Decimal("amount"));
        }
    }

    [Fact]
    public async Task The_contract_example_award_credits_both_sides_and_their_referrers()
    {
        var users = await _api.UserChainAsync(2);
        var providers = await _api.ProviderChainAsync(2);
        var award = new JsonObject
        {
            ["awardId"] = Ids.Award(),
            ["service"] = "chat",
            ["userId"] = users[1],
            ["providerId"] = providers[1],
            ["model"] = "Llama3-70B",
            ["tokens"] = 1000,
            ["latencyMs"] = 1500,
        };

        var result = await _api.AwardOkAsync(award);

        Assert.Equal(award["awardId"]!.GetValue<string>(), result.GetProperty("awardId").GetString());
        Assert.False(result.GetProperty("duplicate").GetBoolean());
        var user = result.GetProperty("user");
        Assert.Equal(2.0m, user.Decimal("amount"));
        Assert.Equal(0.3m, user.GetProperty("referrals")[0].Decimal("amount"));
        Assert.Equal(users[0], user.GetProperty("referrals")[0].GetProperty("accountId").GetString());
        var provider = result.GetProperty("provider");
        Assert.Equal(0.4125m, provider.Decimal("amount"));
        Assert.Equal(0.04125m, provider.GetProperty("referrals")[0].Decimal("amount"));
        Assert.Equal(providers[0], provider.GetProperty("referrals")[0].GetProperty("accountId").GetString());
    }

    [Fact]
    public async Task Amounts_are_written_as_exact_decimals()
    {
        var chain = await _api.ProviderChainAsync(4);

        var result = await _api.AwardOkAsync(Awards.ProviderChat(chain[3], "Llama3-70B", 1000));

        var referrals = result.GetProperty("provider").GetProperty("referrals");
        Assert.Equal("0.009375", referrals[2].GetProperty("amount").GetRawText());
        Assert.Equal("0.01875", referrals[1].GetProperty("amount").GetRawText());
        Assert.Equal("0.375", result.GetProperty("provider").GetProperty("amount").GetRawText().TrimEnd('0'));
    }
}
