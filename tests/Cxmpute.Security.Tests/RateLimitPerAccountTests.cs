using System.Net;
using System.Net.Http.Headers;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Security.Tests;

/// <summary>
/// End users are limited per account (the token's <c>sub</c>), not in one shared bucket: one account over its budget
/// does not throttle another account, and the gateway key stays unlimited unless its own limit is turned on.
/// </summary>
public sealed class RateLimitPerAccountTests
{
    [Fact]
    public async Task An_account_over_its_budget_does_not_throttle_another_account_nor_the_gateway()
    {
        await using var factory = new ConfiguredApiFactory(settings:
        [
            .. TestTokens.Settings(),
            new("Cxmpute:RateLimit:LimitUsers", "true"),
            new("Cxmpute:RateLimit:UserPermitsPerSecond", "1"),
            new("Cxmpute:RateLimit:UserBurst", "2"),
        ]);
        using var client = factory.NewClient();
        string busy = Ids.User(), quiet = Ids.User();

        var busyStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            busyStatuses.Add((await ReadAsync(client, busy)).StatusCode);
        }

        var limited = await ReadAsync(client, busy);
        await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Contains(HttpStatusCode.TooManyRequests, busyStatuses);
        Assert.Equal(HttpStatusCode.NotFound, (await ReadAsync(client, quiet)).StatusCode); // its own bucket: served (a 404: never seen)
        var gateway = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.GetAsync($"/api/user/{busy}/referral-stats", CxmputeApiFactory.ApiKey)));
        Assert.All(gateway, response => Assert.Equal(HttpStatusCode.NotFound, response.StatusCode));
    }

    private static async Task<HttpResponseMessage> ReadAsync(HttpClient client, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/user/{user}/referral-stats");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(user));
        return await client.SendAsync(request);
    }
}
