namespace Cxmpute.LoadTest.Bench;

/// <summary>The PostgreSQL peer's figures, as bench/run.sh writes them (pgbench, one statement per award).</summary>
internal sealed record PeerResult(
    string Version,
    int Clients,
    double Seconds,
    IReadOnlyList<double> Runs,
    IReadOnlyList<long> Failed,
    IReadOnlyList<double> LatencyMs,
    long Awards,
    long MismatchedAccounts)
{
    public double Median => Report.ScenarioMedian.Median(Runs);
}
