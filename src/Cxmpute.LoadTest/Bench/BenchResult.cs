using Cxmpute.LoadTest.Report;

namespace Cxmpute.LoadTest.Bench;

/// <summary>bench/results/latest.json: the peer, our medians, and each target of issue 6 with its verdict.</summary>
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
    Reconcile.ReconciliationResult? InProcReconciliation);

internal sealed record BenchTarget(string Name, string Goal, string Measured, bool? Met);
