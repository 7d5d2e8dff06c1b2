using Cxmpute.Grains.Tests.Infrastructure;

namespace Cxmpute.Grains.Tests;

/// <summary>The 30-day window is computed at read time from the ledger clock (rule: award-day). Own cluster: it moves time.</summary>
public sealed class WindowTests : IClassFixture<LedgerCluster>
{
    private readonly LedgerCluster _cluster;
    private readonly LedgerDriver _ledger;

    public WindowTests(LedgerCluster cluster)
    {
        _cluster = cluster;
        _ledger = new LedgerDriver(cluster.Grains);
    }

    [Fact]
    public async Task Awards_count_on_the_day_they_occurred_and_leave_the_window_after_30_days_while_lifetime_stays()
    {
        var (parent, user) = (Ids.User("wp"), Ids.User("wu"));
        await _ledger.UserChainAsync(parent, user);
        var now = _cluster.Time.GetUtcNow();
        var threeDaysAgo = LedgerDriver.Chat(user, null, 1000) with { OccurredAt = now.AddDays(-3) };
        var today = LedgerDriver.Chat(user, null, 0);
        await _ledger.AwardOkAsync(threeDaysAgo);
        await _ledger.AwardOkAsync(today);

        var stats = await _ledger.StatsOkAsync(user);
        Assert.Equal(30, stats.History.Count);
        Assert.Equal(DateOnly.FromDateTime(now.UtcDateTime), stats.History[^1].Day);
        Assert.Equal(2m, stats.History[^4].Earned);
        Assert.Equal(1m, stats.History[^1].Earned);
        Assert.Equal(3m, stats.OwnRewards);
        Assert.Equal(new Abstractions.TrendView(3m, 0m, null), stats.Trend);

        _cluster.Time.Advance(TimeSpan.FromDays(8));
        var later = await _ledger.StatsOkAsync(user);
        Assert.Equal(new Abstractions.TrendView(0m, 3m, -100m), later.Trend);

        _cluster.Time.Advance(TimeSpan.FromDays(23));
        var idle = await _ledger.StatsOkAsync(user);
        Assert.Equal(0m, idle.OwnRewards);
        Assert.All(idle.History, d => Assert.Equal(0m, d.Total));
        Assert.Equal(3m, idle.Lifetime.Earned);
        var idleParent = await _ledger.StatsOkAsync(parent);
        Assert.Equal(0m, idleParent.ReferralRewards);
        Assert.Equal(25m + 0.45m, idleParent.Lifetime.Referral);
    }

    [Fact]
    public async Task An_award_outside_the_accepted_time_range_is_refused()
    {
        var user = Ids.User();
        var now = _cluster.Time.GetUtcNow();

        var future = await _ledger.AwardAsync(LedgerDriver.Chat(user, null) with { OccurredAt = now.AddMinutes(6) });
        var old = await _ledger.AwardAsync(LedgerDriver.Chat(user, null) with { OccurredAt = now.AddDays(-30).AddMinutes(-1) });

        Assert.Equal(("validation_failed", "occurredAt"), (future.Error?.Code, future.Error?.Field));
        Assert.Equal(("validation_failed", "occurredAt"), (old.Error?.Code, old.Error?.Field));
        Assert.Null(await _ledger.StatsAsync(user));
    }
}
