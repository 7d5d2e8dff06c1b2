using Cxmpute.Rewards;

namespace Cxmpute.Rewards.Tests;

/// <summary>Rule provider-formula: 1.1 when latency &lt; 2000 ms, 0.9 when &gt; 10000 ms, else (and when absent) 1.0.</summary>
public sealed class PerformanceMultiplierTests
{
    private static readonly RewardSchedule Schedule = TestSchedule.Real;

    [Theory]
    [InlineData(0, "1.1")]
    [InlineData(1999, "1.1")]
    [InlineData(2000, "1.0")]
    [InlineData(5000, "1.0")]
    [InlineData(10000, "1.0")]
    [InlineData(10001, "0.9")]
    [InlineData(int.MaxValue, "0.9")]
    [InlineData(null, "1.0")]
    public void Latency_thresholds(int? latencyMs, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Schedule.PerformanceMultiplier(latencyMs));

    [Fact]
    public void Negative_latency_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.PerformanceMultiplier(-1));
}
