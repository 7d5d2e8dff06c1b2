namespace Cxmpute.Rewards.Internal;

/// <summary>
/// Latency → multiplier: <see cref="FastMultiplier"/> when latency &lt; <see cref="FastBelowLatencyMs"/>,
/// <see cref="SlowMultiplier"/> when latency &gt; <see cref="SlowAboveLatencyMs"/>, else (and when absent)
/// <see cref="NormalMultiplier"/>.
/// </summary>
internal sealed record PerformanceRule(
    int FastBelowLatencyMs,
    decimal FastMultiplier,
    int SlowAboveLatencyMs,
    decimal SlowMultiplier,
    decimal NormalMultiplier)
{
    public IEnumerable<decimal> AllMultipliers => [FastMultiplier, SlowMultiplier, NormalMultiplier];
}
