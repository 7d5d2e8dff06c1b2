using Cxmpute.LoadTest.Load;
using Cxmpute.LoadTest.Reconcile;

namespace Cxmpute.LoadTest.Report;

/// <summary>Everything a run measured; written as JSON and Markdown.</summary>
internal sealed record RunReport
{
    public string Tool { get; init; } = "Cxmpute.LoadTest";

    public required DateTimeOffset StartedAt { get; init; }

    public required MachineInfo Machine { get; init; }

    public required string Target { get; init; }

    public string? Probe { get; init; }

    public required PopulationInfo Population { get; init; }

    public double? SetupSeconds { get; init; }

    public List<ScenarioResult> Runs { get; init; } = [];

    public List<ScenarioMedian> Medians { get; init; } = [];

    public ReconciliationResult? Reconciliation { get; init; }

    public InProcResult? InProc { get; init; }

    /// <summary>Awards whose outcome was still unknown after the final resolution pass (0 in a healthy run).</summary>
    public long UnresolvedAfterResolution { get; init; }

    public List<SeriesPoint> Series { get; init; } = [];

    /// <summary>Storage operations of the measured runs (<c>measure=1</c>), deferred writes included.</summary>
    public StorageSpan? Span { get; init; }

    /// <summary>Sizes of Azurite's table database (<c>--table-db</c>) after the setup, after the measured runs and at the end.</summary>
    public List<Metrics.FootprintPoint>? Footprint { get; init; }
}

internal sealed record MachineInfo(int Cores, string Os, string Runtime, double? LoadAverage1m)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        LoadAverage());

    public static double? LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}

internal sealed record PopulationInfo(int Users, int Providers, long Seed, string Tag, int ReferredUsers, int ReferredProviders, int MaxUserDepth, int MaxProviderDepth, double ZipfExponent, double TopUserShare, double TopProviderShare);

/// <summary>The median of each figure over the repetitions of one scenario.</summary>
internal sealed record ScenarioMedian(
    string Scenario,
    int Repetitions,
    double AwardsPerSecond,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    double? StorageOperationsPerAward,
    double? StorageOperationsPerAwardSettled,
    long Errors,
    long Failed,
    long Unresolved,
    double? ServerP50Ms = null,
    double? ServerP99Ms = null)
{
    public static ScenarioMedian Of(string scenario, IReadOnlyList<ScenarioResult> runs) => new(
        scenario,
        runs.Count,
        Median(runs.Select(r => r.AwardsPerSecond)),
        Median(runs.Select(r => r.P50Ms)),
        Median(runs.Select(r => r.P90Ms)),
        Median(runs.Select(r => r.P99Ms)),
        Median(runs.Select(r => r.MaxMs)),
        runs.All(r => r.StorageOperationsPerAward is not null) ? Median(runs.Select(r => r.StorageOperationsPerAward!.Value)) : null,
        runs.All(r => r.StorageOperationsPerAwardSettled is not null) ? Median(runs.Select(r => r.StorageOperationsPerAwardSettled!.Value)) : null,
        runs.Sum(r => r.ErrorsByStatus.Values.Sum()),
        runs.Sum(r => r.Failed),
        runs.Sum(r => r.Unresolved),
        runs.All(r => r.ServerP50Ms is not null) && runs.Count > 0 ? Median(runs.Select(r => r.ServerP50Ms!.Value)) : null,
        runs.All(r => r.ServerP99Ms is not null) && runs.Count > 0 ? Median(runs.Select(r => r.ServerP99Ms!.Value)) : null);

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

/// <summary>Memory storage against the grain-call ceiling, measured in one in-process silo.</summary>
internal sealed record InProcResult(
    double CeilingCallsPerSecond,
    double GrainCallsPerAward,
    double AwardsPerSecond,
    double CeilingAwardsPerSecond,
    double RatioToCeiling,
    IReadOnlyList<double> CeilingRuns,
    IReadOnlyList<double> AwardRuns,
    IReadOnlyList<double> CallsPerAwardRuns,
    IReadOnlyDictionary<string, double> CallsPerAwardByInterface,
    string GarbageCollector = "",
    double WarmupSeconds = 0);
