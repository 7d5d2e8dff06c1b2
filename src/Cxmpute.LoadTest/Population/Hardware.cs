using Cxmpute.Rewards;

namespace Cxmpute.LoadTest.Population;

/// <summary>Provider hardware: VRAM choices per tier, and the share of providers in each tier.</summary>
internal static class Hardware
{
    /// <summary>VRAM sizes (GB) offered in each tier, by tier rank.</summary>
    public static readonly decimal[][] VramByTier =
    [
        [2m, 4m],
        [6m, 8m],
        [12m, 16m, 20m],
        [24m, 48m, 80m],
    ];

    /// <summary>Cumulative share of providers per tier: 30 % tide-pool, 30 % blue-surge, 25 % open-ocean, 15 % mariana-depth.</summary>
    public static readonly double[] TierCumulativeShare = [0.30, 0.60, 0.85, 1.0];

    public static int TierFor(double uniform)
    {
        for (var i = 0; i < TierCumulativeShare.Length; i++)
        {
            if (uniform < TierCumulativeShare[i])
            {
                return i;
            }
        }

        return TierCumulativeShare.Length - 1;
    }

    /// <summary>For each hardware tier (by rank), the schedule's models it may serve (model tier at most the hardware tier).</summary>
    public static string[][] ModelsByTier(RewardSchedule schedule) =>
        [.. Enumerable.Range(0, 4).Select(t => schedule.Models.Where(m => (int)m.Tier <= t).Select(m => m.Name).ToArray())];
}
