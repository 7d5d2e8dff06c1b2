namespace Cxmpute.LoadTest.Bench;

/// <summary>The PostgreSQL peer's figures, as bench/run.sh writes them: one entry per form of the award (pgbench -M prepared).</summary>
internal sealed record PeerResult(string Version, int Clients, double Seconds, IReadOnlyList<PeerForm> Forms)
{
    public const string OneStatement = "onestmt";
    public const string Interactive = "interactive";
    public const string OneStatementZipf = "onestmt-zipf";

    public PeerForm? Form(string name) => Forms.FirstOrDefault(f => f.Form == name);
}

/// <summary>
/// One pgbench run: awards/s as pgbench counts them (committed transactions ÷ run time), exact percentiles from its
/// per-transaction log, and the checks made afterwards (invariants.sql; awards in the database = awards pgbench counted).
/// </summary>
internal sealed record PeerForm(
    string Form,
    double AwardsPerSecond,
    long Awards,
    long AwardsInDatabase,
    double AvgMs,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    long Retried,
    long Failed,
    double LedgerRowsPerAward,
    bool InvariantsPassed)
{
    public bool Consistent => InvariantsPassed && Awards == AwardsInDatabase;
}

/// <summary>What bench/run.sh saw of the Azurite processes after the load tool ended.</summary>
internal sealed record AzuriteHealth(bool TableAborted, bool BlobAborted, string? Detail = null);
