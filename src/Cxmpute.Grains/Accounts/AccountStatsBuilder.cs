using Cxmpute.Abstractions;
using Cxmpute.Rewards;

namespace Cxmpute.Grains.Accounts;

/// <summary>Computes an account's figures at read time: the 30-day window is today (UTC) and the 29 days before it.</summary>
internal static class AccountStatsBuilder
{
    public static AccountStatsView Build(string accountId, AccountState state, RewardSchedule schedule, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var window = state.Days.Where(d => d.Day >= today.AddDays(-29) && d.Day <= today).ToList();
        var history = Enumerable.Range(0, 30).Select(i =>
        {
            var day = today.AddDays(i - 29);
            var bucket = window.FirstOrDefault(d => d.Day == day);
            var own = bucket?.Own ?? 0m;
            var referral = bucket?.Referral ?? 0m;
            return new DayView(day, N(own), N(referral), N(own + referral), bucket?.NewReferrals ?? 0);
        }).ToList();

        var ownRewards = window.Sum(d => d.Own);
        var referralRewards = window.Sum(d => d.Referral);
        var last7 = history.Skip(23).Sum(d => d.Total);
        var previous7 = history.Skip(16).Take(7).Sum(d => d.Total);
        decimal? change = previous7 == 0m ? null : N(Math.Round((last7 - previous7) / previous7 * 100m, 2, MidpointRounding.AwayFromZero));

        return new AccountStatsView(
            accountId,
            state.ReferrerId,
            N(ownRewards),
            N(referralRewards),
            new RewardsByTypeView(N(window.Sum(d => d.Direct)), N(window.Sum(d => d.Primary)), N(window.Sum(d => d.Secondary)), N(window.Sum(d => d.Tertiary))),
            state.Direct,
            state.Secondary,
            state.Tertiary,
            new LifetimeView(N(state.OwnTotal), N(state.ReferralTotal), N(state.OwnTotal + state.ReferralTotal), state.Requests, state.Tokens),
            history,
            new TrendView(N(last7), N(previous7), change),
            new ActivityView(window.Sum(d => d.Requests), window.Sum(d => d.Tokens)),
            AccountIds.IsProvider(accountId) ? Provider(state, window, schedule) : null,
            now);
    }

    private static ProviderStatsView Provider(AccountState state, List<DayBucket> window, RewardSchedule schedule)
    {
        TierView? tier = null;
        if (state.VramGb is { } vram)
        {
            var rates = schedule.Rates(schedule.HardwareTierFor(vram));
            tier = new TierView(rates.Tier.ToWire(), vram, rates.BaseReward, rates.TokenMultiplier);
        }

        var latencyCount = window.Sum(d => d.LatencyCount);
        decimal? averageLatency = latencyCount == 0
            ? null
            : N(Math.Round((decimal)window.Sum(d => d.LatencySum) / latencyCount, 2, MidpointRounding.AwayFromZero));
        return new ProviderStatsView(
            tier,
            Sum(window.Select(d => d.ByModel)),
            Sum(window.Select(d => d.ByTier)),
            new PerformanceView(window.Sum(d => d.Requests), window.Sum(d => d.Fast), window.Sum(d => d.Slow), averageLatency));
    }

    private static Dictionary<string, decimal> Sum(IEnumerable<Dictionary<string, decimal>?> maps)
    {
        var total = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var map in maps)
        {
            foreach (var (key, value) in map ?? [])
            {
                total[key] = N(total.GetValueOrDefault(key) + value);
            }
        }

        return total;
    }

    private static decimal N(decimal value) => RewardSchedule.Normalize(value);
}
