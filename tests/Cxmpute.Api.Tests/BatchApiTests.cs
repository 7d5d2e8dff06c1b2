using System.Net;
using System.Text.Json.Nodes;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>A batch with good and bad awards: each item succeeds or fails on its own, in order.</summary>
[Collection(ApiCollection.Name)]
[Trait(Needs.Key, Needs.Grains)]
public sealed class BatchApiTests(CxmputeApiFactory factory)
{
    private readonly LedgerApi _api = new(factory.NewClient());

    [Fact]
    public async Task Mixed_good_and_bad_awards_are_answered_item_by_item()
    {
        var provider = await _api.ProviderAsync(8m);
        var user = Ids.User();
        var good = Awards.UserChat(user);
        var invalid = Awards.UserChat(user);
        invalid["tokens"] = -1;
        var unknownProvider = Awards.ProviderChat(Ids.Provider());
        var ineligible = Awards.ProviderChat(provider, "Llama3-70B");
        var eligible = Awards.ProviderChat(provider, "Mistral-7B");
        var batch = new JsonObject { ["awards"] = new JsonArray(good, invalid, unknownProvider, ineligible, eligible) };

        var body = await JsonAssert.IsOkAsync(await _api.Client.PostJsonAsync("/api/awards/batch", batch));

        var results = body.GetProperty("results");
        int[] statuses = [200, 400, 404, 422, 200];
        string?[] codes = [null, "validation_failed", "account_not_found", "tier_not_eligible", null];
        for (var i = 0; i < statuses.Length; i++)
        {
            var item = results[i];
            Assert.Equal(i, item.GetProperty("index").GetInt32());
            Assert.Equal(statuses[i], item.GetProperty("status").GetInt32());
            if (codes[i] is { } code)
            {
                Assert.Equal(code, item.GetProperty("error").GetProperty("code").GetString());
                Assert.False(item.TryGetProperty("result", out _));
            }
            else
            {
                Assert.False(item.TryGetProperty("error", out _));
            }
        }

        Assert.Equal(2m, results[0].GetProperty("result").GetProperty("user").Decimal("amount"));
        Assert.Equal(0.045m, results[4].GetProperty("result").GetProperty("provider").Decimal("amount"));
        Assert.Equal(2m, (await _api.StatsOkAsync(user)).Decimal("totalUsageRewards"));
    }

    [Fact]
    public async Task A_batch_of_1000_awards_is_accepted()
    {
        var user = Ids.User();
        var awards = new JsonArray([.. Enumerable.Range(0, 1000).Select(_ => (JsonNode)Awards.UserChat(user, tokens: 0))]);

        var body = await JsonAssert.IsOkAsync(await _api.Client.PostJsonAsync("/api/awards/batch", new JsonObject { ["awards"] = awards }));

        Assert.All(body.GetProperty("results").EnumerateArray(), item => Assert.Equal((int)HttpStatusCode.OK, item.GetProperty("status").GetInt32()));
        Assert.Equal(1000m, (await _api.StatsOkAsync(user)).Decimal("totalUsageRewards"));
    }

    [Fact]
    public async Task A_batch_result_is_the_single_award_result()
    {
        var award = Awards.UserChat();
        var single = await _api.AwardOkAsync(award);

        var body = await JsonAssert.IsOkAsync(await _api.Client.PostJsonAsync("/api/awards/batch", new JsonObject { ["awards"] = new JsonArray(award.DeepClone()) }));

        var replay = body.GetProperty("results")[0].GetProperty("result");
        Assert.True(replay.GetProperty("duplicate").GetBoolean());
        Assert.Equal(single.GetProperty("user").GetRawText(), replay.GetProperty("user").GetRawText());
    }
}
