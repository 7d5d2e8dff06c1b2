using System.Net;
using System.Text.Json.Nodes;
using Cxmpute.Api.Tests.Infrastructure;
using Cxmpute.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Cxmpute.Api.Tests;

/// <summary>
/// The accepted range of occurredAt (rule: occurred-at-window) against a fake clock, shared by the API (ApiClock) and the ledger
/// (LedgerClock), while Orleans keeps the real time: at most 5 minutes ahead, at most 30 days back.
/// </summary>
public sealed class FakeTimeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly ConfiguredApiFactory _factory;

    public FakeTimeTests()
    {
        _factory = new ConfiguredApiFactory(services: services =>
        {
            services.AddSingleton(new ApiClock(_time));
            services.AddSingleton(new LedgerClock(_time));
        });
    }

    private async Task<HttpResponseMessage> AwardAtAsync(DateTimeOffset at)
    {
        using var client = _factory.NewClient();
        var award = Awards.UserChat();
        award["occurredAt"] = at.ToString("yyyy-MM-ddTHH:mm:ss.fffK", System.Globalization.CultureInfo.InvariantCulture);
        return await client.PostJsonAsync("/api/awards", award);
    }

    [Fact]
    public async Task One_second_past_5_minutes_ahead_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await AwardAtAsync(Now.AddMinutes(5).AddSeconds(1)), "occurredAt");
    }

    [Fact]
    public async Task One_second_past_30_days_back_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await AwardAtAsync(Now.AddDays(-30).AddSeconds(-1)), "occurredAt");
    }

    [Fact]
    public async Task A_time_in_another_offset_is_compared_in_UTC()
    {
        // 12:06 at +02:00 is 10:06 UTC: 6 minutes ahead.
        var ahead = new DateTimeOffset(2026, 11, 27, 12, 6, 0, TimeSpan.FromHours(2));
        await ProblemAssert.IsValidationAsync(await AwardAtAsync(ahead), "occurredAt");
    }

    [Fact]
    public async Task Moving_the_clock_moves_the_window()
    {
        var at = Now.AddMinutes(10);
        await ProblemAssert.IsValidationAsync(await AwardAtAsync(at), "occurredAt");
        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.NotEqual(HttpStatusCode.BadRequest, (await AwardAtAsync(at)).StatusCode);
    }

    [Fact]
    [Trait(Needs.Key, Needs.Grains)]
    public async Task The_edges_of_the_range_are_accepted()
    {
        await JsonAssert.IsOkAsync(await AwardAtAsync(Now.AddMinutes(5)));
        await JsonAssert.IsOkAsync(await AwardAtAsync(Now.AddDays(-30).AddMinutes(1)));
    }

    [Fact]
    [Trait(Needs.Key, Needs.Grains)]
    public async Task An_award_counts_on_the_day_it_occurred()
    {
        using var client = _factory.NewClient();
        var user = Ids.User();
        var award = Awards.UserChat(user);
        award["occurredAt"] = JsonValue.Create(Now.AddDays(-3).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        await JsonAssert.IsOkAsync(await client.PostJsonAsync("/api/awards", award));

        var stats = await JsonAssert.IsOkAsync(await client.GetAsync($"/api/user/{user}/referral-stats"));
        var history = stats.GetProperty("history");
        Assert.Equal("2026-11-27", history[29].GetProperty("day").GetString());
        Assert.Equal("2026-11-24", history[26].GetProperty("day").GetString());
        Assert.Equal(2m, history[26].Decimal("earned"));
    }

    public Task InitializeAsync() => ((IAsyncLifetime)_factory).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_factory).DisposeAsync();
}
