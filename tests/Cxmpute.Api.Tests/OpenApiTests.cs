using System.Text.Json;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>The OpenAPI document is served at /openapi/v1.json and describes every route, its body and its errors.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiTests(CxmputeApiFactory factory)
{
    private readonly HttpClient _client = factory.NewClient();

    [Fact]
    public async Task The_document_lists_every_route_of_the_contract()
    {
        var document = await JsonAssert.IsOkAsync(await _client.GetAsync("/openapi/v1.json"));

        var paths = document.GetProperty("paths");
        string[] expected =
        [
            "/api/awards", "/api/awards/batch",
            "/api/providers/{providerId}", "/api/providers/{providerId}/referral",
            "/api/providers/{providerId}/referral-stats", "/api/providers/{providerId}/rewards",
            "/api/user/{userId}", "/api/user/{userId}/referral", "/api/user/{userId}/referral-stats", "/api/user/{userId}/rewards",
        ];
        foreach (var path in expected)
        {
            Assert.True(paths.TryGetProperty(path, out _), $"missing {path}");
        }
    }

    [Fact]
    public async Task The_award_operation_has_its_body_its_result_and_its_errors()
    {
        var document = await JsonAssert.IsOkAsync(await _client.GetAsync("/openapi/v1.json"));

        var post = document.GetProperty("paths").GetProperty("/api/awards").GetProperty("post");
        var schema = post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Contains("awardId", schema.GetRawText(), StringComparison.Ordinal);
        var responses = post.GetProperty("responses");
        foreach (var status in new[] { "200", "400", "401", "404", "409", "413", "422", "503" })
        {
            Assert.True(responses.TryGetProperty(status, out _), $"missing response {status}");
        }

        Assert.Contains("X-Api-Key", document.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stats_operation_describes_the_response_fields()
    {
        var document = await JsonAssert.IsOkAsync(await _client.GetAsync("/openapi/v1.json"));

        var get = document.GetProperty("paths").GetProperty("/api/providers/{providerId}/referral-stats").GetProperty("get");
        var text = JsonSerializer.Serialize(get) + document.GetProperty("components").GetRawText();
        foreach (var field in new[] { "totalComputeRewards", "earningsByModel", "performance", "history", "trend" })
        {
            Assert.Contains(field, text, StringComparison.Ordinal);
        }
    }
}
