using Cxmpute.LoadTest.Report;

namespace Cxmpute.LoadTest.Bench;

/// <summary>bench/results/latest.json: the peer, our medians, the measured span's storage operations, the table database's
/// growth, and each target of issue 21 with its measured figure, its ratio to the peer of the same run and its verdict.</summary>
internal sealed record BenchResult(
    DateTimeOffset At,
    string Commit,
    MachineInfo Machine,
    PopulationInfo Population,
    PeerResult Peer,
    IReadOnlyList<ScenarioMedian> Ours,
    InProcResult? InProc,
    IReadOnlyList<BenchTarget> Targets,
    Reconcile.ReconciliationResult? Reconciliation,
    Reconcile.ReconciliationResult? InProcReconciliation,
    Load.StorageSpan? Span = null,
    TableGrowth? Table = null,
    AzuriteHealth? Azurite = null);

/// <summary>A target: <see cref="Met"/> is null when it was not measured in this run (never called met then).</summary>
internal sealed record BenchTarget(string Name, string Goal, string Measured, bool? Met, double? RatioToPeer = null);

/// <summary>Growth of Azurite's table database between two readings, per award acknowledged in between.</summary>
internal sealed record TableGrowth(string From, string To, long BytesFrom, long BytesTo, long Awards, bool BothAfterASave)
{
    public double BytesPerAward => Awards > 0 ? (double)(BytesTo - BytesFrom) / Awards : 0;

    public static TableGrowth? Of(IReadOnlyList<Metrics.FootprintPoint>? points, string from, string to)
    {
        var a = points?.FirstOrDefault(p => p.Label == from);
        var b = points?.FirstOrDefault(p => p.Label == to);
        return a is null || b is null ? null : new TableGrowth(from, to, a.Bytes, b.Bytes, b.AwardsBefore - a.AwardsBefore, a.Saved && b.Saved);
    }
}
