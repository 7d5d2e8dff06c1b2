using System.Net;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>/health/live answers while the process runs; /health/ready when the cluster answers a grain call.</summary>
[Collection(ApiCollection.Name)]
public sealed class HealthTests(CxmputeApiFactory factory)
{
    private readonly HttpClient _client = factory.NewClient();

    [Fact]
    public async Task Live_answers_200()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Ready_answers_200_when_the_silo_answers()
    {
        var response = await _client.GetAsync("/health/ready");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_needs_no_key()
    {
        var response = await _client.GetAsync("/health/live", key: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
