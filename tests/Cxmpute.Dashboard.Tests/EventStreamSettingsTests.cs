using System.Net;
using System.Text.Json;
using Cxmpute.Api.Dashboard;
using Cxmpute.Dashboard.Tests.Infrastructure;

namespace Cxmpute.Dashboard.Tests;

/// <summary>A host with short stream timers, a cap of three streams (two per account), and public reads off.</summary>
public sealed class EventStreamSettingsTests(EventStreamSettingsTests.Host host) : IClassFixture<EventStreamSettingsTests.Host>
{
    [Fact]
    public async Task When_reads_need_the_key_a_stream_without_it_is_unauthorized()
    {
        using var client = host.NewHttpClient();

        var response = await EventStreamReader.SendAsync(client, $"/api/user/{Ids.User()}/events");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_idle_stream_sends_heartbeat_comments()
    {
        using var client = host.NewHttpClient();
        await using var stream = await EventStreamReader.OpenReadyAsync(client, $"/api/user/{Ids.User()}/events", DashboardHost.ApiKey);

        var first = await stream.NextAsync(TimeSpan.FromSeconds(3));
        var second = await stream.NextAsync(TimeSpan.FromSeconds(3));

        Assert.True(first.IsCommentOnly && second.IsCommentOnly);
        Assert.Equal(["heartbeat"], first.Comments);
    }

    [Fact]
    public async Task Changes_still_arrive_after_the_subscription_was_renewed_several_times()
    {
        using var ledger = host.NewLedgerClient();
        ledger.Http.DefaultRequestHeaders.Add("X-Api-Key", DashboardHost.ApiKey);
        var user = await ledger.UserAsync("renewed");
        await using var stream = await EventStreamReader.OpenReadyAsync(ledger.Http, $"/api/user/{user}/events");

        await Task.Delay(TimeSpan.FromSeconds(1.2)); // renewals every 0.3 s
        await ledger.AwardAsync(Awards.User(user));

        await stream.NextEventAsync("changed", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Streams_beyond_the_cap_are_refused_with_503_and_retry_after()
    {
        using var client = host.NewHttpClient();
        var gate = host.Service<EventStreamGate>();
        await Eventually.TrueAsync(() => gate.Open == 0, "the other tests' streams to end");
        var open = new List<EventStreamReader>();
        try
        {
            for (var i = 0; i < Host.MaxStreams; i++)
            {
                open.Add(await EventStreamReader.OpenReadyAsync(client, $"/api/user/{Ids.User()}/events", DashboardHost.ApiKey));
            }

            using var refused = await EventStreamReader.SendAsync(client, $"/api/user/{Ids.User()}/events", DashboardHost.ApiKey);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
            Assert.Equal("unavailable", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        }
        finally
        {
            foreach (var stream in open)
            {
                await stream.DisposeAsync();
            }

            await Eventually.TrueAsync(() => gate.Open == 0, "the streams to end");
        }
    }

    [Fact]
    public async Task One_account_may_not_take_every_stream_of_the_process()
    {
        using var client = host.NewHttpClient();
        var gate = host.Service<EventStreamGate>();
        await Eventually.TrueAsync(() => gate.Open == 0, "the other tests' streams to end");
        var user = Ids.User("many-tabs");
        var open = new List<EventStreamReader>();
        try
        {
            for (var i = 0; i < Host.MaxStreamsPerAccount; i++)
            {
                open.Add(await EventStreamReader.OpenReadyAsync(client, $"/api/user/{user}/events", DashboardHost.ApiKey));
            }

            using var refused = await EventStreamReader.SendAsync(client, $"/api/user/{user}/events", DashboardHost.ApiKey);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("unavailable", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());

            open.Add(await EventStreamReader.OpenReadyAsync(client, $"/api/user/{Ids.User()}/events", DashboardHost.ApiKey)); // another account still may
        }
        finally
        {
            foreach (var stream in open)
            {
                await stream.DisposeAsync();
            }

            await Eventually.TrueAsync(() => gate.Open == 0, "the streams to end");
        }
    }

    public sealed class Host() : DashboardHost(
        [
            new("Cxmpute:PublicReads", "false"),
            new("Cxmpute:Dashboard:Heartbeat", "00:00:00.400"),
            new("Cxmpute:Dashboard:Resubscribe", "00:00:00.300"),
            new("Cxmpute:Dashboard:MaxStreams", MaxStreams.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Cxmpute:Dashboard:MaxStreamsPerAccount", MaxStreamsPerAccount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ])
    {
        public const int MaxStreams = 3;
        public const int MaxStreamsPerAccount = 2;
    }
}
