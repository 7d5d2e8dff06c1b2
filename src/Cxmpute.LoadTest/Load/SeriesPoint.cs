namespace Cxmpute.LoadTest.Load;

/// <summary>One sample of the time series (every second): throughput and latency of that second, silo memory if known.</summary>
internal sealed record SeriesPoint(
    string Scenario,
    double Seconds,
    double AwardsPerSecond,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    long Errors,
    long AckedTotal,
    double? SiloMemoryMb);
