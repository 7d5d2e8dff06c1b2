using System.Net;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>With <c>Cxmpute:PublicReads</c> off (every environment but Development), reads need a credential; health stays open.</summary>
public sealed class ReadKeyTests : IAsyncLifetime
{
    private readonly ConfiguredApiFactory _factory = new(settings: [new("Cxmpute:PublicReads", "false")]);

    [Fact]
    public async Task A_read_without_a_key_is_unauthorized()
    {
        using var client = _factory.NewClient();
        var response = await client.GetAsync($"/api/user/{Ids.User()}/referral-stats", key: null);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_read_with_the_key_is_served()
    {
        using var client = _factory.NewClient();
        var response = await client.GetAsync($"/api/user/{Ids.Provider()}/referral-stats", key: CxmputeApiFactory.ApiKey);
        await ProblemAssert.IsValidationAsync(response, "userId");
    }

    [Fact]
    public async Task Health_stays_open()
    {
        using var client = _factory.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", key: null)).StatusCode);
    }

    public Task InitializeAsync() => ((IAsyncLifetime)_factory).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_factory).DisposeAsync();
}
