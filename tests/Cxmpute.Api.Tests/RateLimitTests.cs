using System.Net;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>Rate limiting, when configured, answers 429 rate_limited with Retry-After.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Past_the_burst_a_key_gets_429_with_retry_after()
    {
        await using var factory = new ConfiguredApiFactory(settings:
        [
            new("Cxmpute:RateLimit:Enabled", "true"),
            new("Cxmpute:RateLimit:PermitsPerSecond", "1"),
            new("Cxmpute:RateLimit:Burst", "2"),
        ]);
        using var client = factory.NewClient();

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
        {
            responses.Add(await client.PutJsonAsync($"/api/user/{Ids.Provider()}", "{}"));
        }

        var limited = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.BadRequest, responses[0].StatusCode);
    }
}
