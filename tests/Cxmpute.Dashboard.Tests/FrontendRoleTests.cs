using System.Globalization;
using Cxmpute.Dashboard.Tests.Infrastructure;

namespace Cxmpute.Dashboard.Tests;

/// <summary>
/// The front end as an Orleans client of a separate silo (roles <c>frontend</c> and <c>silo</c>): its event streams
/// subscribe client-side observers, which the silo's grains notify across the gateway.
/// </summary>
public sealed class FrontendRoleTests(FrontendRoleTests.Cluster cluster) : IClassFixture<FrontendRoleTests.Cluster>
{
    private readonly DashboardHost _frontend = cluster.Frontend;

    [Fact]
    public async Task A_front_end_client_streams_changes_of_credits_applied_in_the_silo()
    {
        using var ledger = _frontend.NewLedgerClient();
        var referrer = await ledger.UserAsync("client-referrer");
        var user = await ledger.UserAsync("client-user");
        await ledger.ReferOkAsync(user, referrer);
        await using var referrerStream = await EventStreamReader.OpenReadyAsync(ledger.Http, $"/api/user/{referrer}/events");
        await using var userStream = await EventStreamReader.OpenReadyAsync(ledger.Http, $"/api/user/{user}/events");

        await ledger.AwardAsync(Awards.User(user));

        await userStream.NextEventAsync("changed", TimeSpan.FromSeconds(5));
        await referrerStream.NextEventAsync("changed", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_front_end_serves_the_page()
    {
        using var client = _frontend.NewHttpClient();

        var page = await client.GetStringAsync("/?account=usr_abc");

        Assert.Contains("<title>Cxmpute dashboard</title>", page, StringComparison.Ordinal);
    }

    /// <summary>A silo-only host and a front end connected to its gateway.</summary>
    public sealed class Cluster : IAsyncLifetime
    {
        private readonly ConfiguredDashboardHost _silo = new([new("Cxmpute:Role", "silo")]);

        public DashboardHost Frontend { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await _silo.InitializeAsync();
            Frontend = new ConfiguredDashboardHost(
            [
                new("Cxmpute:Role", "frontend"),
                new("Cxmpute:Orleans:ClusterId", _silo.ClusterId),
                new("Cxmpute:Orleans:GatewayPort", _silo.GatewayPort.ToString(CultureInfo.InvariantCulture)),
            ]);
            await Frontend.InitializeAsync();
        }

        public async Task DisposeAsync()
        {
            await Frontend.DisposeAsync();
            await _silo.DisposeAsync();
        }
    }
}
