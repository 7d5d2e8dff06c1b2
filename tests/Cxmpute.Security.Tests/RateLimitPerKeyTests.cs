using System.Net;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Security.Tests;

/// <summary>
/// The limit is per key: one key over its budget, or anonymous callers flooding, do not throttle another key. (The API
/// tests cover the 429 with Retry-After itself, RateLimitTests, and that limiting is off by default, RateLimitDefaultTests.)
/// </summary>
public sealed class RateLimitPerKeyTests
{
    private const string SecondKey = "second-key-4e1d-cxmpute-rate";

    [Fact]
    public async Task A_key_over_its_budget_does_not_throttle_another_key_nor_do_anonymous_callers()
    {
        await using var factory = new ConfiguredApiFactory(settings:
        [
            new("Cxmpute:RateLimit:Enabled", "true"),
            new("Cxmpute:RateLimit:PermitsPerSecond", "1"),
            new("Cxmpute:RateLimit:Burst", "2"),
            new("Cxmpute:ApiKeys:1", SecondKey),
            new("Cxmpute:RateLimit:LimitUsers", "true"),
            new("Cxmpute:RateLimit:UserPermitsPerSecond", "1"),
            new("Cxmpute:RateLimit:UserBurst", "2"),
        ]);
        using var client = factory.NewClient();
        var path = $"/api/user/{Ids.Provider()}"; // a cheap 400: the limiter runs before validation

        var first = await BurstAsync(client, path, CxmputeApiFactory.ApiKey);
        var anonymous = await BurstAsync(client, path, null);
        var second = await client.PutJsonAsync(path, "{}", SecondKey);

        Assert.Contains(HttpStatusCode.TooManyRequests, first);
        Assert.Contains(HttpStatusCode.TooManyRequests, anonymous);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.True((await client.PutJsonAsync(path, "{}", CxmputeApiFactory.ApiKey)).StatusCode == HttpStatusCode.TooManyRequests
            || first.Count(s => s == HttpStatusCode.TooManyRequests) >= 4, "the first key stays limited while the second one is served");
    }

    private static async Task<List<HttpStatusCode>> BurstAsync(HttpClient client, string path, string? key)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await client.PutJsonAsync(path, "{}", key)).StatusCode);
        }

        return statuses;
    }
}
