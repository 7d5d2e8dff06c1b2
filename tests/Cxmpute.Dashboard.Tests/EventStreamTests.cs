using System.Net;
using System.Text.Json;
using Cxmpute.Api.Dashboard;
using Cxmpute.Dashboard.Tests.Infrastructure;

namespace Cxmpute.Dashboard.Tests;

/// <summary>
/// GET /api/{user|providers}/{id}/events: ready once subscribed, then `changed` for every credit of the account,
/// direct or through its referral network, and for a referral applied with its code.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class EventStreamTests(DashboardHost host)
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_stream_is_an_uncached_event_stream_that_starts_with_ready()
    {
        using var ledger = host.NewLedgerClient();
        var user = await ledger.UserAsync("ready");

        await using var stream = await EventStreamReader.OpenAsync(ledger.Http, $"/api/user/{user}/events");

        Assert.Contains("no-cache", stream.Response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal("utf-8", stream.Response.Content.Headers.ContentType?.CharSet);
        var ready = await stream.NextAsync(Soon);
        Assert.Equal("ready", ready.Event);
        Assert.Equal("2000", ready.Retry);
        Assert.Equal(user, JsonDocument.Parse(ready.Data!).RootElement.GetProperty("accountId").GetString());
    }

    [Fact]
    public async Task An_award_to_the_user_sends_changed()
    {
        using var ledger = host.NewLedgerClient();
        var user = await ledger.UserAsync("award");
        await using var stream = await EventStreamReader.OpenReadyAsync(ledger.Http, $"/api/user/{user}/events");

        await ledger.AwardAsync(Awards.User(user));

        var changed = await stream.NextEventAsync("changed", Soon);
        Assert.Equal(user, JsonDocument.Parse(changed.Data!).RootElement.GetProperty("accountId").GetString());
    }

    [Fact]
    public async Task An_award_to_the_provider_sends_changed()
    {
        using var ledger = host.NewLedgerClient();
        var provider = await ledger.ProviderAsync("award");
        await using var stream = await EventStreamReader.OpenReadyAsync(ledger.Http, $"/api/providers/{provider}/events");

        await ledger.AwardAsync(Awards.Provider(provider));

        await stream.NextEventAsync("changed", Soon);
    }

    [Fact]
    public async Task A_credit_through_the_network_three_levels_down_sends_changed_to_the_top()
    {
        using var ledger = host.NewLedgerClient();
        var chain = new List<string>();
        for (var level = 0; level < 4; level++)
        {
            chain.Add(await ledger.ProviderAsync("chain" + level));
            if (level > 0)
            {
                await ledger.ReferOkAsync(chain[level], chain[level - 1]);
            }
        }

        await using var top = await EventStreamReader.OpenReadyAsync(ledger.Http, $"/api/providers/{chain[0]}/events");
        await using var middle = await EventStreamReader.OpenReadyAsync(ledger.Http, $"/api/providers/{chain[2]}/events");

        var award = await ledger.AwardAsync(Awards.Provider(chain[3]));

        var credited = award.GetProperty("provider").GetProperty("referrals").EnumerateArray().Select(r => r.GetProperty("accountId").GetString()!).ToArray();
        Assert.Equal([chain[2], chain[1], chain[0]], credited);
        await top.NextEventAsync("changed", Soon);
        await middle.NextEventAsync("changed", Soon);
    }

    [Fact]
    public async Task Applying_a_referral_code_notifies_the_referrer_who_gets_the_direct_bonus()
    {
        using var ledger = host.NewLedgerClient();
        var referrer = await ledger.UserAsync("referrer");
        var referee = await ledger.UserAsync("referee");
        await using var stream = await EventStreamReader.OpenReadyAsync(ledger.Http, $"/api/user/{referrer}/events");

        await ledger.ReferOkAsync(referee, referrer);

        await stream.NextEventAsync("changed", Soon);
    }

    [Fact]
    public async Task An_account_never_seen_subscribes_and_its_first_award_notifies()
    {
        using var ledger = host.NewLedgerClient();
        var user = Ids.User("unseen");
        Assert.Equal(HttpStatusCode.NotFound, (await ledger.Http.GetAsync($"/api/user/{user}/referral-stats")).StatusCode);
        await using var stream = await EventStreamReader.OpenReadyAsync(ledger.Http, $"/api/user/{user}/events");

        await ledger.AwardAsync(Awards.User(user));

        await stream.NextEventAsync("changed", Soon);
    }

    [Theory]
    [InlineData("/api/user/prov_abc/events", "userId")]
    [InlineData("/api/user/usr_/events", "userId")]
    [InlineData("/api/providers/usr_abc/events", "providerId")]
    [InlineData("/api/providers/prov_a%20b/events", "providerId")]
    public async Task An_id_of_the_wrong_form_is_a_validation_problem(string path, string field)
    {
        using var client = host.NewHttpClient();

        var response = await EventStreamReader.SendAsync(client, path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Closing_the_stream_ends_it_on_the_server()
    {
        using var ledger = host.NewLedgerClient();
        var gate = host.Service<EventStreamGate>();
        var before = gate.Open;
        var stream = await EventStreamReader.OpenReadyAsync(ledger.Http, $"/api/user/{Ids.User("close")}/events");
        Assert.True(gate.Open > before);

        await stream.DisposeAsync();

        await Eventually.TrueAsync(() => gate.Open <= before, "the server to end the stream");
    }

    [Fact]
    public async Task The_event_routes_are_in_the_OpenAPI_document()
    {
        using var ledger = host.NewLedgerClient();

        var paths = (await ledger.GetOkAsync("/openapi/v1.json")).GetProperty("paths");

        foreach (var path in new[] { "/api/user/{userId}/events", "/api/providers/{providerId}/events" })
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.True(get.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/event-stream", out _), path);
        }
    }
}
