using System.Globalization;
using System.Text;
using System.Text.Json;
using Cxmpute.LoadTest.Bench;
using Cxmpute.LoadTest.Report;

namespace Cxmpute.LoadTest.Cli;

/// <summary>
/// <c>bench-report</c>: joins the PostgreSQL peer's figures and our two summaries (Azurite over HTTP; memory storage in
/// process) into bench/results/latest.json and the table between the markers of bench/README.md, one row per target of issue 6.
/// Scenario labels it looks for: batch, single64, single64-half, scale-1M.
/// </summary>
internal static class BenchReportCommand
{
    public const string Help = """
        bench-report join bench results (used by bench/run.sh)
          --peer FILE --ours FILE --inproc FILE   peer.json and the two summary.json files
          --out FILE --readme FILE --plot FILE.svg --commit SHA --commands TEXT
        """;

    public const string Begin = "<!-- bench:begin -->";
    public const string End = "<!-- bench:end -->";

    public static int Run(Args args, ConsoleProgress console)
    {
        var peer = Read(args.String("peer") ?? throw new ArgumentException("--peer FILE is required"), BenchJsonContext.Default.PeerResult);
        var ours = Read(args.String("ours") ?? throw new ArgumentException("--ours FILE is required"), BenchJsonContext.Default.RunReport);
        var inproc = args.String("inproc") is { } f ? Read(f, BenchJsonContext.Default.RunReport) : null;
        var output = args.String("out", "bench/results/latest.json");
        var readme = args.String("readme");
        var commit = args.String("commit", "unknown");
        var commands = args.String("commands", "bench/run.sh");
        var plot = args.String("plot");
        args.EnsureAllUsed();

        var result = Build(peer, ours, inproc, commit);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        if (plot is not null)
        {
            File.WriteAllText(plot, SvgTimeline.Render(ours.Series, "Cxmpute on Azurite over HTTP: awards/s, latency and silo memory, scenario after scenario"));
        }

        File.WriteAllText(output, JsonSerializer.Serialize(result, BenchJsonContext.Default.BenchResult));
        var table = Table(result, ours, commands);
        Console.Out.Write(table);
        if (readme is not null)
        {
            var text = File.Exists(readme) ? File.ReadAllText(readme) : $"# Benchmark\n\n{Begin}\n{End}\n";
            var start = text.IndexOf(Begin, StringComparison.Ordinal);
            var end = text.IndexOf(End, StringComparison.Ordinal);
            if (start < 0 || end < start)
            {
                throw new ArgumentException($"{readme} has no {Begin} ... {End} markers");
            }

            File.WriteAllText(readme, text[..(start + Begin.Length)] + "\n" + table + text[end..]);
            console.Log($"updated the table in {readme}");
        }

        console.Log($"wrote {output}");
        return 0;
    }

    internal static BenchResult Build(PeerResult peer, RunReport ours, RunReport? inproc, string commit)
    {
        var pg = peer.Median;
        var batch = Median(ours, "batch");
        var single = Median(ours, "single64");
        var half = Median(ours, "single64-half");
        var scale = ours.Runs.FirstOrDefault(r => r.Scenario == "scale-1M");
        var targets = new List<BenchTarget>();
        if (batch is not null)
        {
            targets.Add(new("Durable awards/s, POST /api/awards/batch (Azurite)", "≥ 2× PostgreSQL",
                Inv($"{batch.AwardsPerSecond:N0}/s vs {pg:N0}/s = {batch.AwardsPerSecond / pg:F2}×"), batch.AwardsPerSecond >= 2 * pg));
        }

        if (single is not null)
        {
            targets.Add(new("Single-award POST /api/awards, 64 connections", "≥ 1× PostgreSQL",
                Inv($"{single.AwardsPerSecond:N0}/s vs {pg:N0}/s = {single.AwardsPerSecond / pg:F2}×"), single.AwardsPerSecond >= pg));
        }

        if (half is not null)
        {
            var rate = ours.Runs.FirstOrDefault(r => r.Scenario == "single64-half")?.TargetRate ?? 0;
            var halfOfPeer = single is not null && single.AwardsPerSecond < pg ? Inv($"; at half of the PostgreSQL rate it was not measured") : "";
            targets.Add(new("p99 at half of the single-award rate (open loop)", "≤ 50 ms",
                Inv($"p99 {half.P99Ms:F1} ms at {rate:N0} awards/s (p50 {half.P50Ms:F1} ms){AtServer(half)}{HeldBack(ours, "single64-half")}{halfOfPeer}"), half.P99Ms <= 50));
        }

        if (batch?.StorageOperationsPerAwardSettled is { } ops)
        {
            var singleOps = single?.StorageOperationsPerAwardSettled is { } s ? Inv($"; single-award {s:F3}") : "";
            targets.Add(new("Storage operations per award at full load", "≤ 0.5", Inv($"batch {ops:F3}{singleOps} {Settled(ours, "batch", "single64")}"), ops <= 0.5 && (single?.StorageOperationsPerAwardSettled ?? 0) <= 0.5));
        }

        if (scale is not null)
        {
            var ratio = scale.FirstTenthRate > 0 ? scale.LastTenthRate / scale.FirstTenthRate : 0;
            targets.Add(new(Inv($"{ours.Population.Users:N0} users, {ours.Population.Providers:N0} providers, {scale.Acked:N0} awards: last tenth vs first tenth"), "≥ 80 %",
                Inv($"{scale.LastTenthRate:N0}/s vs {scale.FirstTenthRate:N0}/s = {ratio:P0} ({scale.AwardsPerSecond:N0}/s overall)"), ratio >= 0.8 && scale.Acked >= 1_000_000));
            if (scale.SiloMemoryMidMb is { } mid && scale.SiloMemoryEndMb is { } endMb)
            {
                var growth = (endMb - mid) / mid;
                targets.Add(new("Silo memory during that run (RSS)", "reported; flat once the population is active (≤ 15 % growth over the second half)",
                    Inv($"start {scale.SiloMemoryStartMb:F0} MB, middle {mid:F0} MB, end {endMb:F0} MB, max {scale.SiloMemoryMaxMb:F0} MB ({growth:+0%;-0%} over the second half)"), growth <= 0.15));
            }
        }

        if (inproc?.InProc is { } mem)
        {
            targets.Add(new("Memory storage vs trivial-grain-call ceiling ÷ grain calls per award", "≥ 50 %",
                Inv($"{mem.AwardsPerSecond:N0}/s vs {mem.CeilingCallsPerSecond:N0} calls/s ÷ {mem.GrainCallsPerAward:F2} = {mem.CeilingAwardsPerSecond:N0}/s → {mem.RatioToCeiling:P0}"), mem.RatioToCeiling >= 0.5));
        }

        if (ours.Reconciliation is { } rec)
        {
            targets.Add(new("Reconciliation, every account through GET referral-stats (Azurite run)", "exact",
                Inv($"{rec.Matched:N0} of {rec.Accounts:N0} accounts exact over {rec.AwardsCounted:N0} awards, {rec.Mismatched:N0} differ"), rec.Exact));
        }

        if (inproc?.Reconciliation is { } rec2)
        {
            targets.Add(new("Reconciliation, memory-storage run", "exact",
                Inv($"{rec2.Matched:N0} of {rec2.Accounts:N0} accounts exact over {rec2.AwardsCounted:N0} awards"), rec2.Exact));
        }

        return new BenchResult(ours.StartedAt, commit, ours.Machine, ours.Population, peer, ours.Medians, inproc?.InProc, targets, ours.Reconciliation, inproc?.Reconciliation);
    }

    internal static string Table(BenchResult result, RunReport ours, string commands)
    {
        var md = new StringBuilder();
        var p = result.Population;
        var peer = result.Peer;
        md.AppendLine(Inv($"Latest run: {result.At:yyyy-MM-dd HH:mm} UTC, commit `{result.Commit}`, {result.Machine.Cores} cores ({result.Machine.Os}, {result.Machine.Runtime}), one-minute load average {result.Machine.LoadAverage1m?.ToString("F1", CultureInfo.InvariantCulture) ?? "?"} when the load tool started (it counts the steps of this benchmark just before, and any other work on the machine)."));
        md.AppendLine(Inv($"Population: {p.Users:N0} users ({p.ReferredUsers:N0} referred), {p.Providers:N0} providers ({p.ReferredProviders:N0} referred), chains up to {Math.Max(p.MaxUserDepth, p.MaxProviderDepth)} deep, seed {p.Seed}, Zipf s = {p.ZipfExponent} (busiest user {p.TopUserShare:P1} of awards, busiest provider {p.TopProviderShare:P1})."));
        md.AppendLine(Inv($"Command: `{commands}`. Medians of {peer.Runs.Count} runs."));
        md.AppendLine();
        md.AppendLine("| system | awards/s (median) | runs | p50 / p99 ms | notes |");
        md.AppendLine("|---|---:|---|---:|---|");
        md.AppendLine(Inv($"| PostgreSQL {peer.Version} peer (pgbench, {peer.Clients} clients, one statement per award, synchronous_commit on) | {peer.Median:N0} | {string.Join(" / ", peer.Runs.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} | – / – (avg {ScenarioMedian.Median(peer.LatencyMs):F1}) | {peer.Awards:N0} awards, {peer.MismatchedAccounts} accounts off their ledger rows |"));
        foreach (var m in result.Ours)
        {
            var runs = ours.Runs.Where(r => r.Scenario == m.Scenario).Select(r => r.AwardsPerSecond.ToString("N0", CultureInfo.InvariantCulture));
            var ops = m.StorageOperationsPerAwardSettled is { } o ? Inv($"{o:F3} storage ops/award") : "";
            md.AppendLine(Inv($"| Cxmpute `{m.Scenario}` ({Describe(ours, m.Scenario)}) | {m.AwardsPerSecond:N0} ({m.AwardsPerSecond / peer.Median:F2}× PG) | {string.Join(" / ", runs)} | {m.P50Ms:F1} / {m.P99Ms:F1} | {ops}{(m.Errors > 0 ? Inv($"; {m.Errors:N0} retried errors") : "")} |"));
        }

        if (result.InProc is { } mem)
        {
            md.AppendLine(Inv($"| Cxmpute memory storage, in-process client (no durability) | {mem.AwardsPerSecond:N0} | {string.Join(" / ", mem.AwardRuns.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} | | ceiling {mem.CeilingCallsPerSecond:N0} trivial calls/s, {mem.GrainCallsPerAward:F2} grain calls/award{(mem.WarmupSeconds > 0 ? Inv($"; after a {mem.WarmupSeconds:F0} s warm-up run") : "")} |"));
        }

        md.AppendLine();
        md.AppendLine("| target (issue 6) | goal | measured | met |");
        md.AppendLine("|---|---|---|---|");
        foreach (var t in result.Targets)
        {
            md.AppendLine(Inv($"| {t.Name} | {t.Goal} | {t.Measured} | {(t.Met switch { true => "**met**", false => "**not met**", null => "–" })} |"));
        }

        md.AppendLine();
        md.AppendLine("![throughput and latency over the Cxmpute runs](results/timeline.svg)");
        md.AppendLine();
        return md.ToString();
    }

    private static string Describe(RunReport report, string scenario)
    {
        var run = report.Runs.First(r => r.Scenario == scenario);
        var mode = run.Mode switch { "http" => "POST /api/awards", "http-batch" => "POST /api/awards/batch", "http-publisher" => "AwardPublisher (per-request awards)", _ => "Orleans client" };
        var loop = run.TargetRate > 0 ? Inv($"open loop {run.TargetRate:N0}/s") : Inv($"{run.Connections} connections");
        return mode + ", " + loop + (run.Batch > 1 ? Inv($", {run.Batch}/request") : "");
    }

    private static string AtServer(ScenarioMedian m) =>
        m.ServerP50Ms is { } p50 && m.ServerP99Ms is { } p99 ? Inv($"; at the server, journal arrival to acknowledgement: p50 {p50:F1} / p99 {p99:F1} ms") : "";

    /// <summary>How the settled operations were counted: until storage was idle after each run (idle=S), or a fixed time.</summary>
    private static string Settled(RunReport report, params string[] scenarios)
    {
        var runs = report.Runs.Where(r => scenarios.Contains(r.Scenario)).ToList();
        // idle=S is what makes a run wait before its load (IdleWaitSeconds > 0) and count after it until storage is idle.
        var until = runs.Count > 0 && runs.All(r => r.IdleWaitSeconds > 0)
            ? Inv($"counted after each run until the server's storage was idle again, {runs.Min(r => r.SettleSeconds):F0}–{runs.Max(r => r.SettleSeconds):F0} s, so the account writes a run deferred count for it")
            : "counted until a few seconds after the load";
        return Inv($"({until}; an account operation is a transaction of many rows, see the rows written per award below)");
    }

    private static string HeldBack(RunReport report, string scenario)
    {
        var runs = report.Runs.Where(r => r.Scenario == scenario).ToList();
        var held = runs.Select(r => r.ThrottledSeconds).OfType<double>().ToList();
        var waited = runs.Where(r => r.IdleWaitSeconds > 0).Select(r => r.IdleWaitSeconds).ToList();
        return (waited.Count > 0 ? Inv($"; each run started once account writes had caught up with the earlier runs (waited {string.Join(" / ", waited.Select(w => w.ToString("F0", CultureInfo.InvariantCulture)))} s)") : "")
            + (held.Count > 0 ? Inv($"; commits held back for account writes {string.Join(" / ", held.Select(h => h.ToString("F1", CultureInfo.InvariantCulture)))} s (summed over journals)") : "");
    }

    private static ScenarioMedian? Median(RunReport report, string label) => report.Medians.FirstOrDefault(m => m.Scenario == label);

    private static T Read<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(File.ReadAllText(path), type) ?? throw new ArgumentException($"{path} is empty");

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
