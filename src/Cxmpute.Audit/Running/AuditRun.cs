using Cxmpute.Audit.Checks;

namespace Cxmpute.Audit.Running;

/// <summary>One audit of a deployment: the checks' result, how it went, and whether the journals stood still meanwhile.</summary>
public sealed record AuditRun(AuditResult Result, IReadOnlyDictionary<string, long> EntriesByJournal, long Requests, TimeSpan Elapsed)
{
    /// <summary>Journals whose last commit moved while the audit ran: the deployment was not quiescent, so differences may be traffic, not faults.</summary>
    public IReadOnlyList<string> MovedJournals { get; init; } = [];

    public bool Quiescent => MovedJournals.Count == 0;

    /// <summary>0: every check passed; 1: discrepancies; 3: no discrepancy, but the journals moved during the audit.</summary>
    public int ExitCode => !Result.Passed ? 1 : Quiescent ? 0 : 3;
}
