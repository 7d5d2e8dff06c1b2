using System.Net;
using Cxmpute.Api.Tests.Infrastructure;
using Cxmpute.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Cxmpute.Api.Tests;

/// <summary>When storage fails, the API answers 503 unavailable with Retry-After, and nothing was applied.</summary>
[Trait(Needs.Key, Needs.Grains)]
public sealed class UnavailableTests : IAsyncLifetime
{
    private readonly StorageFaults _faults = new();
    private readonly ConfiguredApiFactory _factory;

    public UnavailableTests() => _factory = new ConfiguredApiFactory(services: services => services.AddSingleton(_faults));

    [Fact]
    public async Task An_award_that_cannot_be_stored_is_503_and_can_be_retried()
    {
        var api = new LedgerApi(_factory.NewClient());
        var user = Ids.User();
        var award = Awards.UserChat(user);

        _faults.FailWrites = true;
        var refused = await api.AwardAsync(award);
        _faults.FailWrites = false;

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        var retried = await api.AwardOkAsync(award);
        Assert.Equal(2m, retried.GetProperty("user").Decimal("amount"));
        Assert.Equal(2m, (await api.StatsOkAsync(user)).Decimal("totalUsageRewards"));
    }

    [Fact]
    public async Task A_read_that_cannot_reach_storage_is_503()
    {
        using var client = _factory.NewClient();

        _faults.FailReads = true;
        try
        {
            var response = await client.GetAsync($"/api/user/{Ids.User()}/referral-stats");
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "unavailable");
            Assert.NotNull(response.Headers.RetryAfter);
        }
        finally
        {
            _faults.FailReads = false;
        }
    }

    public Task InitializeAsync() => ((IAsyncLifetime)_factory).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_factory).DisposeAsync();
}
