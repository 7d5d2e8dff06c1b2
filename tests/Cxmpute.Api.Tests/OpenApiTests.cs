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
    [Fact]
    public async Task The_document_describes_the_public_api_only_with_security_an_id_and_problem_errors_on_each_operation()
    {
        var document = await JsonAssert.IsOkAsync(await _client.GetAsync("/openapi/v1.json"));

        Assert.All(document.GetProperty("servers").EnumerateArray(), server => Assert.False(server.GetProperty("url").GetString()!.EndsWith('/')));
        var operations = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            Assert.StartsWith("/api/", path.Name, StringComparison.Ordinal); // no Orleans Dashboard routes (/dashboard/...)
            foreach (var operation in path.Value.EnumerateObject())
            {
                operations++;
                var op = operation.Value;
                Assert.False(string.IsNullOrEmpty(op.GetProperty("operationId").GetString()));
                var security = op.GetProperty("security").EnumerateArray().ToList();
                Assert.Contains(security, requirement => requirement.TryGetProperty("ApiKey", out _));
                if (operation.Name != "get")
                {
                    Assert.All(security, requirement => Assert.NotEmpty(requirement.EnumerateObject())); // writes never anonymous
                }

                var errors = op.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('4')).ToList();
                Assert.NotEmpty(errors);
                Assert.All(errors, response => Assert.Equal(
                    "#/components/schemas/ApiProblem",
                    response.Value.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString()));
            }
        }

        Assert.Equal(12, operations);
        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("ApiProblem");
        Assert.Contains("code", problem.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Amounts_are_exact_decimal_numbers_in_the_document()
    {
        var document = await JsonAssert.IsOkAsync(await _client.GetAsync("/openapi/v1.json"));

        var amount = document.GetProperty("components").GetProperty("schemas").GetProperty("ReferralCreditResponse").GetProperty("properties").GetProperty("amount");
        Assert.Equal("number", amount.GetProperty("type").GetString());
        Assert.Equal("decimal", amount.GetProperty("format").GetString());
    }
}
