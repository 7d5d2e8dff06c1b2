using System.Globalization;
using System.Text;
using System.Text.Json;
using Cxmpute.LoadTest.Bench;
using Cxmpute.LoadTest.Load;
using Cxmpute.LoadTest.Report;

namespace Cxmpute.LoadTest.Cli;

/// <summary>
/// <c>bench-report</c>: joins the PostgreSQL peer's figures and our summaries (Azurite over HTTP; optionally memory storage
/// in process) into bench/results/latest.json and the table between the markers of bench/README.md, one row per target of
/// issue 21, each with the figure measured in this run, its ratio to the peer of the same run and met / not met (a target
/// this run did not measure is never called met). Scenario labels it looks for: batch, batch-zipf, single64, single8,
/// scale; table database readings "after the population setup" and "after the measured runs".
/// </summary>
internal static class BenchReportCommand
{
    public const string Help = """
        bench-report join bench results (used by bench/run.sh)
          --peer FILE --ours FILE [--inproc FILE] [--azurite FILE]   peer.json, summary.json files, azurite.json
          --out FILE --readme FILE --plot FILE.svg --commit SHA --commands TEXT
        """;

    public const string Begin = "<!-- bench:begin -->";
    public const string End = "<!-- bench:end -->";

    public const double BatchRatio = 2, SingleRatio = 1, SustainedSeconds = 180, LastToFirst = 0.8, P99Ms = 50, OpsPerAward = 0.2, BytesPerAward = 20, ScaleSlowdown = 0.8;

    /// <summary>Issue 22: per-request awards through the publisher against the batch endpoint, and its p99 against linger + 50 ms (the default linger, 5 ms).</summary>
    public const double PublisherToBatch = 0.9, PublisherP99Ms = 5 + 50;
    public const long ScaleAwards = 10_000_000;

    public static int Run(Args args, ConsoleProgress console)
    {
        var peer = Read(args.String("peer") ?? throw new ArgumentException("--peer FILE is required"), BenchJsonContext.Default.PeerResult);
        var ours = Read(args.String("ours") ?? throw new ArgumentException("--ours FILE is required"), BenchJsonContext.Default.RunReport);
        var inproc = args.String("inproc") is { } f ? Read(f, BenchJsonContext.Default.RunReport) : null;
        var azurite = args.String("azurite") is { } a ? Read(a, BenchJsonContext.Default.AzuriteHealth) : null;
        var output = args.String("out", "bench/results/latest.json");
        var readme = args.String("readme");
        var commit = args.String("commit", "unknown");
        var commands = args.String("commands", "bench/run.sh");
        var plot = args.String("plot");
        args.EnsureAllUsed();

        var result = Build(peer, ours, inproc, commit, azurite);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        if (plot is not null)
        {
            File.WriteAllText(plot, SvgTimeline.Render(ours.Series, "Cxmpute on Azurite over HTTP: awards/s, latency and silo memory, run after run"));
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

    internal static BenchResult Build(PeerResult peer, RunReport ours, RunReport? inproc, string commit, AzuriteHealth? azurite = null)
    {
        var one = peer.Form(PeerResult.OneStatement);
        var interactive = peer.Form(PeerResult.Interactive);
        var targets = new List<BenchTarget>();

        var batch = FirstRun(ours, "batch");
        if (batch is null || one is null)
        {
            targets.Add(NotMeasured("Batch, POST /api/awards/batch, uniform traffic", Inv($"≥ {BatchRatio}× the PostgreSQL one-statement peer over ≥ {SustainedSeconds:F0} s")));
            targets.Add(NotMeasured("Batch sustained: last 30 s vs first 30 s", Inv($"≥ {LastToFirst:P0}")));
        }
        else
        {
            var ratio = batch.AwardsPerSecond / one.AwardsPerSecond;
            var longEnough = batch.Seconds >= SustainedSeconds;
            targets.Add(new("Batch, POST /api/awards/batch, uniform traffic", Inv($"≥ {BatchRatio}× the PostgreSQL one-statement peer over ≥ {SustainedSeconds:F0} s"),
                Inv($"{batch.AwardsPerSecond:N0}/s over {batch.Seconds:F0} s vs {one.AwardsPerSecond:N0}/s = {ratio:F2}×{(longEnough ? "" : Inv($" (the run lasted {batch.Seconds:F0} s, not {SustainedSeconds:F0})"))}"),
                ratio >= BatchRatio && longEnough, ratio));
            var (first, last, lastToFirst) = FirstAndLast(batch);
            targets.Add(lastToFirst is { } r
                ? new("Batch sustained: last 30 s vs first 30 s", Inv($"≥ {LastToFirst:P0}"),
                    Inv($"{last:N0}/s vs {first:N0}/s = {r:P0} (per {batch.SliceSeconds:F0} s: {string.Join(" / ", batch.Slices.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))})"),
                    r >= LastToFirst && longEnough)
                : NotMeasured("Batch sustained: last 30 s vs first 30 s", Inv($"≥ {LastToFirst:P0}"), "the run had fewer than two whole slices"));
        }

        var single = Median(ours, "single64");
        targets.Add(single is null || interactive is null
            ? NotMeasured("Single awards, POST /api/awards, 64 connections", Inv($"≥ {SingleRatio}× the PostgreSQL interactive form"))
            : new("Single awards, POST /api/awards, 64 connections", Inv($"≥ {SingleRatio}× the PostgreSQL interactive form"),
                Inv($"{single.AwardsPerSecond:N0}/s vs {interactive.AwardsPerSecond:N0}/s = {single.AwardsPerSecond / interactive.AwardsPerSecond:F2}× (p50 {single.P50Ms:F1} / p99 {single.P99Ms:F1} ms)"),
                single.AwardsPerSecond >= SingleRatio * interactive.AwardsPerSecond, single.AwardsPerSecond / interactive.AwardsPerSecond));

        var single8 = Median(ours, "single8");
        targets.Add(single8 is null
            ? NotMeasured("Single awards, 8 connections: p99", Inv($"≤ {P99Ms:F0} ms"))
            : new("Single awards, 8 connections: p99", Inv($"≤ {P99Ms:F0} ms"),
                Inv($"p99 {single8.P99Ms:F1} ms at {single8.AwardsPerSecond:N0} awards/s (p50 {single8.P50Ms:F1} ms{AtServer(single8)}){(interactive is null ? "" : Inv($"; PostgreSQL interactive p99 {interactive.P99Ms:F1} ms at {peer.Clients} clients"))}"),
                single8.P99Ms <= P99Ms));

        var publisher = Median(ours, "publisher");
        const string publisherTarget = "Per-request awards through AwardPublisher, 64 callers (issue 22)";
        var publisherGoal = Inv($"≥ {PublisherToBatch:P0} of the batch run; p99 ≤ {PublisherP99Ms:F0} ms (linger + 50 ms)");
        targets.Add(publisher is null || batch is null
            ? NotMeasured(publisherTarget, publisherGoal)
            : new(publisherTarget, publisherGoal,
                Inv($"{publisher.AwardsPerSecond:N0}/s vs {batch.AwardsPerSecond:N0}/s = {publisher.AwardsPerSecond / batch.AwardsPerSecond:P0}; p50 {publisher.P50Ms:F1} / p99 {publisher.P99Ms:F1} ms"),
                publisher.AwardsPerSecond >= PublisherToBatch * batch.AwardsPerSecond && publisher.P99Ms <= PublisherP99Ms));

        var span = ours.Span;
        targets.Add(span is null
            ? NotMeasured("Storage operations per award, deferred writes included", Inv($"≤ {OpsPerAward}"))
            : new("Storage operations per award, deferred writes included", Inv($"≤ {OpsPerAward}"),
                Inv($"{span.OperationsPerAward:F3}: {span.Operations:N0} operations from the first award of `{span.FirstScenario}` until storage was idle after `{span.LastScenario}` ({span.TailOperations:N0} of them in the {span.TailSeconds:F0} s after it{(span.ReachedIdle ? "" : ", storage never went idle")}) ÷ {span.Awards:N0} awards of the {span.Runs} measured runs; during each run alone: {string.Join(", ", ours.Runs.Where(r => r.Measured && r.StorageOperationsPerAward is not null).Select(r => Inv($"{r.Scenario} {r.StorageOperationsPerAward:F3}")))}"),
                span.OperationsPerAward <= OpsPerAward && span.ReachedIdle));

        var growth = TableGrowth.Of(ours.Footprint, "after the population setup", "after the measured runs");
        targets.Add(growth is null || growth.Awards <= 0
            ? NotMeasured("Table storage growth per award, once the population exists", Inv($"≤ {BytesPerAward:F0} bytes"))
            : new("Table storage growth per award, once the population exists", Inv($"≤ {BytesPerAward:F0} bytes"),
                Inv($"{growth.BytesPerAward:N1} bytes: Azurite's table database {growth.BytesFrom / 1048576.0:N1} → {growth.BytesTo / 1048576.0:N1} MiB over {growth.Awards:N0} awards{(growth.BothAfterASave ? "" : " (a reading was still changing: approximate)")}"),
                growth.BytesPerAward <= BytesPerAward && growth.BothAfterASave));

        var scale = FirstRun(ours, "scale");
        if (scale is null)
        {
            targets.Add(NotMeasured(Inv($"{ScaleAwards:N0} awards on one data folder: Azurite does not abort, last tenth vs first tenth"), Inv($"≥ {ScaleSlowdown:P0}"), "not run (BENCH_SCALE_AWARDS=0)"));
        }
        else
        {
            var ratio = scale.FirstTenthRate > 0 ? scale.LastTenthRate / scale.FirstTenthRate : 0;
            var aborted = azurite is { TableAborted: true } or { BlobAborted: true };
            var health = azurite is null ? "Azurite's state not recorded" : aborted ? $"Azurite aborted ({azurite.Detail})" : "Azurite did not abort";
            targets.Add(new(Inv($"{ScaleAwards:N0} awards on one data folder: Azurite does not abort, last tenth vs first tenth"), Inv($"≥ {ScaleSlowdown:P0}"),
                Inv($"{scale.Acked:N0} awards, {health}; {scale.LastTenthRate:N0}/s vs {scale.FirstTenthRate:N0}/s = {ratio:P0} ({scale.AwardsPerSecond:N0}/s overall){(scale.Acked < ScaleAwards ? Inv($"; fewer than {ScaleAwards:N0} awards, so not the target's run") : "")}"),
                scale.Acked >= ScaleAwards && azurite is not null && !aborted && ratio >= ScaleSlowdown));
        }

        foreach (var form in peer.Forms)
        {
            targets.Add(new(Inv($"PostgreSQL peer `{form.Form}` checked after its run"), "every invariant; awards counted = awards stored",
                Inv($"invariants {(form.InvariantsPassed ? "passed" : "FAILED")}; {form.Awards:N0} awards counted by pgbench, {form.AwardsInDatabase:N0} in the database; {form.Retried:N0} retried, {form.Failed:N0} failed"), form.Consistent));
        }

        if (ours.Reconciliation is { } rec)
        {
            targets.Add(new("Reconciliation, every account through GET referral-stats (Azurite run)", "exact",
                Inv($"{rec.Matched:N0} of {rec.Accounts:N0} accounts exact over {rec.AwardsCounted:N0} awards, {rec.Mismatched:N0} differ"), rec.Exact));
        }

        if (inproc?.InProc is { } mem)
        {
            targets.Add(new("Memory storage vs trivial-grain-call ceiling ÷ grain calls per award (not an issue 21 target)", "≥ 50 %",
                Inv($"{mem.AwardsPerSecond:N0}/s vs {mem.CeilingCallsPerSecond:N0} calls/s ÷ {mem.GrainCallsPerAward:F2} = {mem.CeilingAwardsPerSecond:N0}/s → {mem.RatioToCeiling:P0}"), mem.RatioToCeiling >= 0.5));
        }

        return new BenchResult(ours.StartedAt, commit, ours.Machine, ours.Population, peer, ours.Medians, inproc?.InProc, targets, ours.Reconciliation, inproc?.Reconciliation,
            span, growth, azurite);
    }

    /// <summary>The first and the last whole slice of a run and the ratio of the two (null with fewer than two slices).</summary>
    internal static (double First, double Last, double? Ratio) FirstAndLast(ScenarioResult run) =>
        run.Slices.Count >= 2 && run.Slices[0] > 0 ? (run.Slices[0], run.Slices[^1], run.Slices[^1] / run.Slices[0]) : (0, 0, null);

    internal static string Table(BenchResult result, RunReport ours, string commands)
    {
        var md = new StringBuilder();
        var p = result.Population;
        var peer = result.Peer;
        var one = peer.Form(PeerResult.OneStatement);
        var interactive = peer.Form(PeerResult.Interactive);
        md.AppendLine(Inv($"Run: {result.At:yyyy-MM-dd HH:mm} UTC, commit `{result.Commit}`, {result.Machine.Cores} cores ({result.Machine.Os}, {result.Machine.Runtime}), one-minute load average {result.Machine.LoadAverage1m?.ToString("F1", CultureInfo.InvariantCulture) ?? "?"} when the load tool started."));
        md.AppendLine(Inv($"Population: {p.Users:N0} users ({p.ReferredUsers:N0} referred), {p.Providers:N0} providers ({p.ReferredProviders:N0} referred), chains up to {Math.Max(p.MaxUserDepth, p.MaxProviderDepth)} deep, seed {p.Seed}; traffic {Traffic(p.ZipfExponent)} unless the row says otherwise. Our runs follow each other without waiting for storage."));
        md.AppendLine(Inv($"Command: `{commands}`."));
        md.AppendLine();
        md.AppendLine("| system | awards/s | vs PG one statement | vs PG interactive | p50 / p99 ms | notes |");
        md.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var form in peer.Forms)
        {
            var what = form.Form switch
            {
                PeerResult.OneStatement => "one statement per award",
                PeerResult.Interactive => "interactive transaction",
                PeerResult.OneStatementZipf => "one statement per award, Zipf-skewed traffic",
                _ => form.Form,
            };
            md.AppendLine(Inv($"| PostgreSQL {peer.Version}, {what} (pgbench -M prepared, {peer.Clients} clients, {peer.Seconds:F0} s) | {form.AwardsPerSecond:N0} | {Ratio(form.AwardsPerSecond, one)} | {Ratio(form.AwardsPerSecond, interactive)} | {form.P50Ms:F1} / {form.P99Ms:F1} | {form.Awards:N0} awards, {form.LedgerRowsPerAward:F2} ledger rows/award, invariants {(form.Consistent ? "pass" : "FAIL")}{(form.Retried + form.Failed > 0 ? Inv($", {form.Retried} retried / {form.Failed} failed") : "")} |"));
        }

        foreach (var m in result.Ours)
        {
            var runs = ours.Runs.Where(r => r.Scenario == m.Scenario).ToList();
            var first = runs[0];
            var notes = new List<string> { Inv($"{Describe(first)}, {Traffic(first.Zipf)}, {runs.Sum(r => r.Acked):N0} awards in {runs.Sum(r => r.Seconds):F0} s") };
            if (first.Zipf > 0 && peer.Form(PeerResult.OneStatementZipf) is { AwardsPerSecond: > 0 } skewed)
            {
                notes.Add(Inv($"{m.AwardsPerSecond / skewed.AwardsPerSecond:F2}× PG one statement on the same skew"));
            }

            if (m.StorageOperationsPerAward is { } ops)
            {
                notes.Add(Inv($"{ops:F3} storage ops/award during the run"));
            }

            if (first.Slices.Count >= 2)
            {
                var (_, _, ratio) = FirstAndLast(first);
                notes.Add(Inv($"per {first.SliceSeconds:F0} s: {string.Join(" / ", first.Slices.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))} (last ÷ first {ratio:P0})"));
            }

            if (first.LastTenthRate > 0 && m.Scenario == "scale")
            {
                notes.Add(Inv($"first tenth {first.FirstTenthRate:N0}/s, last {first.LastTenthRate:N0}/s"));
            }

            if (m.Errors > 0)
            {
                notes.Add(Inv($"{m.Errors:N0} retried errors"));
            }

            md.AppendLine(Inv($"| Cxmpute `{m.Scenario}`{(m.Repetitions > 1 ? Inv($" (median of {m.Repetitions})") : "")} | {m.AwardsPerSecond:N0} | {Ratio(m.AwardsPerSecond, one)} | {Ratio(m.AwardsPerSecond, interactive)} | {m.P50Ms:F1} / {m.P99Ms:F1} | {string.Join("; ", notes)} |"));
        }

        if (result.InProc is { } mem)
        {
            md.AppendLine(Inv($"| Cxmpute memory storage, in-process client (no durability) | {mem.AwardsPerSecond:N0} | {Ratio(mem.AwardsPerSecond, one)} | {Ratio(mem.AwardsPerSecond, interactive)} | | ceiling {mem.CeilingCallsPerSecond:N0} trivial calls/s, {mem.GrainCallsPerAward:F2} grain calls/award |"));
        }

        md.AppendLine();
        md.AppendLine("| target (issue 21) | goal | measured in this run | ratio to the PG peer | met |");
        md.AppendLine("|---|---|---|---:|---|");
        foreach (var t in result.Targets)
        {
            md.AppendLine(Inv($"| {t.Name} | {t.Goal} | {t.Measured} | {(t.RatioToPeer is { } r ? Inv($"{r:F2}×") : "")} | {(t.Met switch { true => "**met**", false => "**not met**", null => "not measured" })} |"));
        }

        md.AppendLine();
        md.AppendLine("![throughput and latency over the Cxmpute runs](results/timeline.svg)");
        md.AppendLine();
        return md.ToString();
    }

    private static BenchTarget NotMeasured(string name, string goal, string why = "not measured in this run") => new(name, goal, why, null);

    private static string Ratio(double rate, PeerForm? form) => form is { AwardsPerSecond: > 0 } ? Inv($"{rate / form.AwardsPerSecond:F2}×") : "–";

    private static string Traffic(double zipf) => zipf == 0 ? "uniform" : Inv($"Zipf s = {zipf}");

    private static string Describe(ScenarioResult run)
    {
        var mode = run.Mode switch { "http" => "POST /api/awards", "http-batch" => "POST /api/awards/batch", "http-publisher" => "AwardPublisher (per-request awards)", _ => "Orleans client" };
        var loop = run.TargetRate > 0 ? Inv($"open loop {run.TargetRate:N0}/s") : Inv($"{run.Connections} connections");
        return mode + ", " + loop + (run.Batch > 1 ? Inv($", {run.Batch}/request") : "");
    }

    private static string AtServer(ScenarioMedian m) =>
        m.ServerP50Ms is { } p50 && m.ServerP99Ms is { } p99 ? Inv($"; at the server p50 {p50:F1} / p99 {p99:F1} ms") : "";

    private static ScenarioMedian? Median(RunReport report, string label) => report.Medians.FirstOrDefault(m => m.Scenario == label);

    private static ScenarioResult? FirstRun(RunReport report, string label) => report.Runs.FirstOrDefault(r => r.Scenario == label);

    private static T Read<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(File.ReadAllText(path), type) ?? throw new ArgumentException($"{path} is empty");

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
