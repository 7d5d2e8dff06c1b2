using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Cxmpute.LoadTest.Report;

/// <summary>Writes a run's summary: <c>summary.json</c>, <c>summary.md</c> and <c>timeline.svg</c> in one folder.</summary>
internal static class ReportWriter
{
    public static (string Json, string Markdown, string Svg) Write(RunReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "summary.json");
        var markdown = Path.Combine(directory, "summary.md");
        var svg = Path.Combine(directory, "timeline.svg");
        File.WriteAllText(json, JsonSerializer.Serialize(report, ReportJsonContext.Default.RunReport));
        File.WriteAllText(markdown, Markdown(report));
        File.WriteAllText(svg, SvgTimeline.Render(report.Series, $"Cxmpute load test — {report.Target}"));
        return (json, markdown, svg);
    }

    public static string Markdown(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        var p = report.Population;
        md.AppendLine(Inv($"# Load test {report.StartedAt:yyyy-MM-dd HH:mm} UTC"));
        md.AppendLine();
        md.AppendLine(Inv($"- target: {report.Target}"));
        if (report.Probe is not null)
        {
            md.AppendLine(Inv($"- server metrics: {report.Probe}"));
        }

        md.AppendLine(Inv($"- machine: {report.Machine.Cores} cores, {report.Machine.Os}, {report.Machine.Runtime}, load average {report.Machine.LoadAverage1m?.ToString("F2", CultureInfo.InvariantCulture) ?? "?"} at start"));
        md.AppendLine(Inv($"- population: {p.Users:N0} users ({p.ReferredUsers:N0} referred, chains up to {p.MaxUserDepth}), {p.Providers:N0} providers ({p.ReferredProviders:N0} referred, up to {p.MaxProviderDepth}); seed {p.Seed}, tag `{p.Tag}`"));
        md.AppendLine(p.ZipfExponent == 0
            ? "- traffic: uniform over all users and all providers (a scenario with zipf=S says so in its label)"
            : Inv($"- traffic: Zipf s = {p.ZipfExponent}; the busiest user gets {p.TopUserShare:P1} of awards, the busiest provider {p.TopProviderShare:P1}"));
        if (report.SetupSeconds is { } setup)
        {
            md.AppendLine(Inv($"- population setup: {setup:F1} s"));
        }

        md.AppendLine();
        if (report.Medians.Count > 0)
        {
            md.AppendLine("## Medians");
            md.AppendLine();
            md.AppendLine("| scenario | runs | awards/s | p50 ms | p90 ms | p99 ms | max ms | at the server p50 / p99 ms | storage ops/award (window / settled) | errors | failed | unresolved |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var m in report.Medians)
            {
                md.AppendLine(Inv($"| {m.Scenario} | {m.Repetitions} | {m.AwardsPerSecond:N0} | {m.P50Ms:F1} | {m.P90Ms:F1} | {m.P99Ms:F1} | {m.MaxMs:F1} | {Ms(m.ServerP50Ms)} / {Ms(m.ServerP99Ms)} | {Ops(m.StorageOperationsPerAward)} / {Ops(m.StorageOperationsPerAwardSettled)} | {m.Errors:N0} | {m.Failed:N0} | {m.Unresolved:N0} |"));
            }

            md.AppendLine();
        }

        if (report.Span is { } span)
        {
            md.AppendLine(Inv($"Measured span ({span.Runs} runs, `{span.FirstScenario}` … `{span.LastScenario}`): {span.Operations:N0} storage operations ({span.OperationsDuringRuns:N0} during the runs, {span.TailOperations:N0} in the {span.TailSeconds:F0} s after the last{(span.ReachedIdle ? " until storage was idle" : ", storage never went idle")}) for {span.Awards:N0} awards = **{span.OperationsPerAward:F3} per award**."));
            md.AppendLine();
        }

        foreach (var point in report.Footprint ?? [])
        {
            md.AppendLine(Inv($"- table database {point.Label}: {point.Bytes:N0} bytes{(point.Saved ? "" : " (still changing: approximate)")}, {point.AwardsBefore:N0} awards acknowledged before"));
        }

        if (report.Footprint is { Count: > 0 })
        {
            md.AppendLine();
        }

        md.AppendLine("## Runs");
        md.AppendLine();
        md.AppendLine("| scenario | # | s | acked | awards/s | p50 | p99 | max | server p50 / p99 | held back s | set aside | first/last tenth /s | ops/award | rows/award | silo MB start/mid/end | errors |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in report.Runs)
        {
            var errors = r.ErrorsByStatus.Count == 0 ? "none" : string.Join(", ", r.ErrorsByStatus.Select(e => Inv($"{e.Key}: {e.Value:N0}")));
            md.AppendLine(Inv($"| {r.Scenario} | {r.Repetition} | {r.Seconds:F1} | {r.Acked:N0} | {r.AwardsPerSecond:N0} | {r.P50Ms:F1} | {r.P99Ms:F1} | {r.MaxMs:F1} | {Ms(r.ServerP50Ms)} / {Ms(r.ServerP99Ms)} | {Ms(r.ThrottledSeconds)} | {Count(r.AwardsSetAside)} | {r.FirstTenthRate:N0} / {r.LastTenthRate:N0} | {Ops(r.StorageOperationsPerAward)} | {Ops(r.StorageRowsPerAwardSettled)} | {Mb(r.SiloMemoryStartMb)} / {Mb(r.SiloMemoryMidMb)} / {Mb(r.SiloMemoryEndMb)} | {errors} |"));
        }

        foreach (var r in report.Runs.Where(r => r.Slices.Count >= 2))
        {
            md.AppendLine(Inv($"- {r.Scenario} #{r.Repetition} per {r.SliceSeconds:F0} s: {string.Join(" / ", r.Slices.Select(x => x.ToString("N0", CultureInfo.InvariantCulture)))} awards/s (last ÷ first {r.Slices[^1] / r.Slices[0]:P0})"));
        }

        md.AppendLine();
        md.AppendLine("Server p50 / p99: from an award's arrival at its journal to its acknowledgement (`cxmpute_award_duration_milliseconds`). "
            + "Held back: time the journals delayed commits because account writes were behind (`cxmpute_commit_throttled_seconds_total`, summed over journals). "
            + "Set aside: awards priced in a later group because an account they need was still loading from storage (`cxmpute_award_set_aside_total`).");
        var waits = report.Runs.Where(r => r.IdleWaitSeconds > 0).ToList();
        if (waits.Count > 0)
        {
            md.AppendLine(Inv($"Before {string.Join(", ", waits.Select(r => Inv($"{r.Scenario} #{r.Repetition} ({r.IdleWaitSeconds:F0} s)")))}, the tool waited until the server's storage writes had caught up with earlier runs (`idle=`)."));
        }

        md.AppendLine();
        if (report.InProc is { } inproc)
        {
            md.AppendLine("## Memory storage against the grain-call ceiling (in-process silo)");
            md.AppendLine();
            md.AppendLine(Inv($"- trivial grain calls: {inproc.CeilingCallsPerSecond:N0}/s (median of {inproc.CeilingRuns.Count})"));
            if (inproc.GarbageCollector.Length > 0)
            {
                md.AppendLine(Inv($"- garbage collector of the in-process silo: {inproc.GarbageCollector}"));
            }

            if (inproc.WarmupSeconds > 0)
            {
                md.AppendLine(Inv($"- measured after an unmeasured warm-up run of {inproc.WarmupSeconds:F0} s"));
            }

            md.AppendLine(Inv($"- grain calls per award: {inproc.GrainCallsPerAward:F2} ({string.Join(", ", inproc.CallsPerAwardByInterface.OrderByDescending(k => k.Value).Select(k => Inv($"{k.Key} {k.Value:F2}")))})"));
            md.AppendLine(Inv($"- ceiling: {inproc.CeilingAwardsPerSecond:N0} awards/s; measured {inproc.AwardsPerSecond:N0} awards/s = **{inproc.RatioToCeiling:P0}** of the ceiling"));
            md.AppendLine();
        }

        if (report.Reconciliation is { } rec)
        {
            md.AppendLine("## Reconciliation");
            md.AppendLine();
            md.AppendLine(Inv($"{(rec.Exact ? "**exact**" : "**MISMATCH**")}: {rec.Matched:N0} of {rec.Accounts:N0} accounts equal the totals computed from the schedule ({rec.AwardsCounted:N0} acknowledged awards, {rec.CreditsExpected:N0} credits incl. direct bonuses); {rec.Mismatched:N0} differ, {rec.Unreadable:N0} unreadable; grand total expected {rec.ExpectedGrandTotal} vs read {rec.ActualGrandTotal}; {rec.Seconds:F1} s."));
            if (report.UnresolvedAfterResolution > 0)
            {
                md.AppendLine(Inv($"{report.UnresolvedAfterResolution:N0} awards were still unanswered after the final resolution pass; their outcome is unknown."));
            }

            foreach (var line in rec.FirstMismatches)
            {
                md.AppendLine(Inv($"- {line}"));
            }

            md.AppendLine();
        }

        return md.ToString();
    }

    private static string Ops(double? value) => value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "–";

    private static string Ms(double? value) => value is { } v ? v.ToString("F1", CultureInfo.InvariantCulture) : "–";

    private static string Count(double? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "–";

    private static string Mb(double? value) => value is { } v ? v.ToString("F0", CultureInfo.InvariantCulture) : "–";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
