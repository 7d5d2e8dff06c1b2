using System.Text.Json;
using Cxmpute.Audit.Running;

namespace Cxmpute.Audit.Report;

/// <summary>The report as JSON, for scripts (the fault-injection runs keep it with their results).</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string Serialize(AuditRun run, string target)
    {
        ArgumentNullException.ThrowIfNull(run);
        return JsonSerializer.Serialize(
            new
            {
                target,
                passed = run.Result.Passed,
                exitCode = run.ExitCode,
                quiescent = run.Quiescent,
                movedJournals = run.MovedJournals,
                elapsedSeconds = run.Elapsed.TotalSeconds,
                requests = run.Requests,
                entriesByJournal = run.EntriesByJournal,
                counts = run.Result.Counts,
                discrepanciesByCode = run.Result.Discrepancies.GroupBy(d => d.Code).ToDictionary(g => g.Key, g => g.Count()),
                discrepancies = run.Result.Discrepancies,
            },
            Options);
    }
}
