using System.Net;
using System.Text.Json.Nodes;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>
/// A bad batch envelope is a 400; inside a good envelope each bad award gets its own 400 result while the batch answers 200.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class BatchValidationTests(CxmputeApiFactory factory)
{
    private readonly HttpClient _client = factory.NewClient();

    private Task<HttpResponseMessage> PostAsync(string json) => _client.PostJsonAsync("/api/awards/batch", json);

    [Fact]
    public async Task More_than_1000_awards_are_refused()
    {
        var awards = new JsonArray([.. Enumerable.Range(0, 1001).Select(_ => (JsonNode)Awards.UserChat())]);
        await ProblemAssert.IsValidationAsync(await PostAsync(new JsonObject { ["awards"] = awards }.ToJsonString()), "awards");
    }

    [Fact]
    public async Task A_missing_awards_array_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync("{}"), "awards");
    }

    [Fact]
    public async Task Awards_that_is_not_an_array_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync("""{"awards": {"awardId": "a"}}"""), "awards");
    }

    [Fact]
    public async Task An_empty_body_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(""), "awards");
    }

    [Fact]
    public async Task An_unknown_envelope_field_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync("""{"awards": [], "dryRun": true}"""), "dryRun");
    }

    [Fact]
    public async Task Malformed_json_inside_an_award_names_its_path()
    {
        var json = """{"awards": [{"awardId": "a", "service": "chat", "userId": "usr_a"}, {"awardId": "b", "tokens": 1x}]}""";
        await ProblemAssert.IsValidationAsync(await PostAsync(json), "awards[1].tokens");
    }

    [Fact]
    public async Task An_empty_batch_answers_no_results()
    {
        var body = await JsonAssert.IsOkAsync(await PostAsync("""{"awards": []}"""));
        Assert.Equal(0, body.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task Each_bad_award_gets_its_own_400_in_order()
    {
        var negative = Awards.UserChat();
        negative["tokens"] = -1;
        var unknownService = Awards.UserChat();
        unknownService["service"] = "video";
        var batch = new JsonObject { ["awards"] = new JsonArray(negative, unknownService, 7) };

        var body = await JsonAssert.IsOkAsync(await PostAsync(batch.ToJsonString()));

        var results = body.GetProperty("results");
        Assert.Equal(3, results.GetArrayLength());
        string[] fields = ["tokens", "service", "awards[2]"];
        for (var i = 0; i < 3; i++)
        {
            var item = results[i];
            Assert.Equal(i, item.GetProperty("index").GetInt32());
            Assert.Equal((int)HttpStatusCode.BadRequest, item.GetProperty("status").GetInt32());
            Assert.False(item.TryGetProperty("result", out _));
            var error = item.GetProperty("error");
            Assert.Equal("validation_failed", error.GetProperty("code").GetString());
            ProblemAssert.HasFieldError(error, fields[i]);
        }
    }
}
