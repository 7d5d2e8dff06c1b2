using Cxmpute.Abstractions;

namespace Cxmpute.Api.Responses.Stats;

/// <summary>Served requests of the last 30 days: fast (&lt; 2 s), slow (&gt; 10 s), and the average latency (null with none reported).</summary>
public sealed record PerformanceResponse(long Requests, long FastResponses, long SlowResponses, decimal? AverageLatencyMs)
{
    public static PerformanceResponse From(PerformanceView? view) =>
        view is null ? new(0, 0, 0, null) : new(view.Requests, view.FastResponses, view.SlowResponses, view.AverageLatencyMs);
}
