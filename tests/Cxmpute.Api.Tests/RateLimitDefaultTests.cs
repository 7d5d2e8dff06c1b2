using System.Net;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>The gateway is one key sending thousands of requests a second: no rate limit unless configured.</summary>
[Collection(ApiCollection.Name)]
public sealed class RateLimitDefaultTests(CxmputeApiFactory factory)
{
    [Fact]
    public async Task Rate_limiting_is_off_by_default()
    {
        using var client = factory.NewClient();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
            (await client.PutJsonAsync($"/api/user/{Ids.Provider()}", "{}")).StatusCode));
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.BadRequest, status));
    }
}
