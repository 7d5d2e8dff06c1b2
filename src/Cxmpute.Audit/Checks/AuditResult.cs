namespace Cxmpute.Audit.Checks;

/// <summary>The outcome of the checks: what was looked at and every discrepancy found.</summary>
public sealed record AuditResult(AuditCounts Counts, IReadOnlyList<Discrepancy> Discrepancies)
{
    public bool Passed => Discrepancies.Count == 0;
}
