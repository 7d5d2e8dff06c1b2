using Cxmpute.Grains.Hosting;
using Cxmpute.Rewards;

namespace Cxmpute.LoadTest.Tests;

/// <summary>The shipped reward schedule (silo-config/rewards-schedule.json).</summary>
internal static class TestSchedule
{
    public static readonly RewardSchedule Shipped = RewardSchedule.Load(Path.Combine(
        LedgerSiloBuilderExtensions.FindConfigDirectory() ?? throw new InvalidOperationException("silo-config not found"),
        RewardSchedule.DefaultFileName));
}
