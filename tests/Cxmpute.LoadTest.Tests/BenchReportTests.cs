using System.Text.Json;
using Cxmpute.LoadTest.Bench;
using Cxmpute.LoadTest.Cli;
using Cxmpute.LoadTest.Load;
using Cxmpute.LoadTest.Metrics;
using Cxmpute.LoadTest.Reconcile;
using Cxmpute.LoadTest.Report;

namespace Cxmpute.LoadTest.Tests;

public sealed class BenchReportTests
{
    private static ScenarioResult Run(string label, string mode, double rate, double p99, double seconds = 60, double ops = 0.1, double zipf = 0) => new()
    {
        Scenario = label, Mode = mode, Repetition = 1, Connections = mode == "http" ? 64 : 4, Batch = mode == "http" ? 1 : 250, Seconds = seconds, Acked = (long)(rate * seconds),
        AwardsPerSecond = rate, P50Ms = p99 / 4, P99Ms = p99, MaxMs = p99 * 2, StorageOperationsPerAward = ops, Zipf = zipf, Measured = label != "scale", SliceSeconds = 30,
    };

    private static readonly PeerResult Peer = new("15.18", 32, 60,
    [
        new(PeerResult.OneStatement, 3_000, 180_000, 180_000, 10, 8, 25, 90, 0, 0, 6.05, true),
        new(PeerResult.Interactive, 2_000, 120_000, 120_000, 16, 12, 32, 120, 0, 0, 6.05, true),
        new(PeerResult.OneStatementZipf, 2_500, 150_000, 150_000, 12, 9, 40, 200, 3, 0, 6.05, true),
    ]);

    private static RunReport Report(ScenarioResult[] runs, StorageSpan? span = null, List<FootprintPoint>? footprint = null) => new()
    {
        StartedAt = DateTimeOffset.UnixEpoch,
        Machine = new MachineInfo(2, "linux", ".NET", 1),
        Target = "t",
        Population = new PopulationInfo(100_000, 10_000, 42, "b", 70_000, 7_000, 6, 6, 0, 0.00001, 0.0001),
        Runs = [.. runs],
        Medians = [.. runs.GroupBy(r => r.Scenario).Select(g => ScenarioMedian.Of(g.Key, [.. g]))],
        Reconciliation = new ReconciliationResult(110_000, 110_000, 0, 0, 1, 1, 1m, 1m, 1, []),
        Span = span,
        Footprint = footprint,
    };

    [Fact]
    public void Each_target_is_judged_against_the_peer_form_it_names_and_survives_a_json_round_trip()
    {
        ScenarioResult[] runs =
        [
            Run("batch", "http-batch", 6_500, 900, seconds: 181) with { Slices = [7_000, 6_600, 6_400, 6_300, 6_200, 5_900] },
            Run("batch-zipf", "http-batch", 5_000, 900, zipf: 1),
            Run("single64", "http", 2_100, 120),
            Run("single8", "http", 400, 49),
            Run("publisher", "http-publisher", 6_000, 50),
            Run("scale", "http-batch", 4_000, 500, seconds: 2_500) with { Acked = 10_000_000, FirstTenthRate = 4_000, LastTenthRate = 3_000 },
        ];
        var span = new StorageSpan("batch", "single8", 4, 2_000_000, 360, 300_000, 250_000, null, 40, true);
        List<FootprintPoint> footprint =
        [
            new("after the population setup", DateTimeOffset.UnixEpoch, 60_000_000, 0, true),
            new("after the measured runs", DateTimeOffset.UnixEpoch, 100_000_000, 2_100_000, true),
        ];
        var json = JsonSerializer.Serialize(Report(runs, span, footprint), ReportJsonContext.Default.RunReport);
        var read = JsonSerializer.Deserialize(json, BenchJsonContext.Default.RunReport)!;

        var result = BenchReportCommand.Build(Peer, read, null, "abc", new AzuriteHealth(false, false));

        (string Name, bool? Met)[] expected =
        [
            ("Batch, POST", true),                 // 6,500 / 3,000 = 2.17× over 181 s
            ("Batch sustained", true),             // 5,900 / 7,000 = 84 %
            ("Single awards, POST", true),         // 2,100 / 2,000 (the interactive form, not the one-statement peer)
            ("Single awards, 8", true),            // 49 ms
            ("Per-request awards", true),          // 6,000 / 6,500 = 92 %, p99 50 ms
            ("Storage operations", true),          // 300,000 / 2,000,000 = 0.15 per award, storage idle at the end
            ("Table storage", true),               // 40,000,000 bytes / 2,100,000 awards = 19.0 bytes
            ("10,000,000 awards", false),          // 75 %
            ("PostgreSQL peer `onestmt`", true),
            ("PostgreSQL peer `interactive`", true),
            ("PostgreSQL peer `onestmt-zipf`", true),
            ("Reconciliation", true),
        ];
        Assert.Equal(expected.Length, result.Targets.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.StartsWith(expected[i].Name, result.Targets[i].Name, StringComparison.Ordinal);
            Assert.Equal(expected[i].Met, result.Targets[i].Met);
        }

        Assert.Equal(6_500 / 3_000.0, result.Targets[0].RatioToPeer!.Value, 9);
        Assert.Equal(2_100 / 2_000.0, result.Targets[2].RatioToPeer!.Value, 9);
        Assert.Equal(0.15, result.Span!.OperationsPerAward, 9);
        Assert.Equal(50_000, result.Span.TailOperations);
        Assert.Equal(40_000_000 / 2_100_000.0, result.Table!.BytesPerAward, 9);
        Assert.EndsWith("during each run alone: batch 0.100, batch-zipf 0.100, single64 0.100, single8 0.100, publisher 0.100", result.Targets[5].Measured, StringComparison.Ordinal);

        var table = BenchReportCommand.Table(result, read, "bench/run.sh");
        Assert.Contains("| Cxmpute `batch` | 6,500 | 2.17× | 3.25× |", table, StringComparison.Ordinal);
        Assert.Contains("per 30 s: 7,000 / 6,600 / 6,400 / 6,300 / 6,200 / 5,900 (last ÷ first 84 %)", table, StringComparison.Ordinal);
        Assert.Contains("| Cxmpute `batch-zipf` | 5,000 | 1.67× | 2.50× |", table, StringComparison.Ordinal);
        Assert.Contains("2.00× PG one statement on the same skew", table, StringComparison.Ordinal);
        Assert.Contains("3 retried / 0 failed", table, StringComparison.Ordinal);
        Assert.Contains("Zipf s = 1", table, StringComparison.Ordinal);
        Assert.Contains("| PostgreSQL 15.18, interactive transaction (pgbench -M prepared, 32 clients, 60 s) | 2,000 | 0.67× | 1.00× | 12.0 / 32.0 |", table, StringComparison.Ordinal);
        Assert.Contains("3,000/s vs 4,000/s = 75 %", table, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_not_measured_in_the_run_is_never_called_met()
    {
        // A short batch run (a quick configuration): its ratio may be high, but it did not last three minutes.
        ScenarioResult[] runs = [Run("batch", "http-batch", 9_000, 900, seconds: 60) with { Slices = [9_000, 9_000] }, Run("single64", "http", 500, 900)];
        var result = BenchReportCommand.Build(Peer, Report(runs), null, "abc");

        Assert.False(result.Targets.Single(t => t.Name.StartsWith("Batch, POST", StringComparison.Ordinal)).Met);
        Assert.Contains("the run lasted 60 s, not 180", result.Targets[0].Measured, StringComparison.Ordinal);
        Assert.False(result.Targets.Single(t => t.Name.StartsWith("Batch sustained", StringComparison.Ordinal)).Met);
        Assert.Null(result.Targets.Single(t => t.Name.StartsWith("Single awards, 8", StringComparison.Ordinal)).Met);
        Assert.Null(result.Targets.Single(t => t.Name.StartsWith("Storage operations", StringComparison.Ordinal)).Met);
        Assert.Null(result.Targets.Single(t => t.Name.StartsWith("Table storage", StringComparison.Ordinal)).Met);
        Assert.Null(result.Targets.Single(t => t.Name.StartsWith("10,000,000", StringComparison.Ordinal)).Met);
        Assert.Contains("not measured", BenchReportCommand.Table(result, Report(runs), "x"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(6_000, 50, true)]
    [InlineData(5_800, 50, false)] // 89 % of the batch run
    [InlineData(6_000, 56, false)] // p99 past linger + 50 ms
    public void Per_request_awards_through_the_publisher_are_judged_against_the_batch_run_and_the_linger(double rate, double p99, bool met)
    {
        ScenarioResult[] runs = [Run("batch", "http-batch", 6_500, 900, seconds: 181), Run("publisher", "http-publisher", rate, p99)];
        var result = BenchReportCommand.Build(Peer, Report(runs), null, "abc");
        Assert.Equal(met, result.Targets.Single(t => t.Name.StartsWith("Per-request awards", StringComparison.Ordinal)).Met);
    }

    [Fact]
    public void A_peer_whose_stored_awards_differ_from_pgbench_count_fails_its_check()
    {
        var peer = Peer with { Forms = [Peer.Forms[0] with { AwardsInDatabase = 179_999 }, Peer.Forms[1] with { InvariantsPassed = false }] };
        var result = BenchReportCommand.Build(peer, Report([Run("single64", "http", 500, 900)]), null, "abc");
        Assert.All(result.Targets.Where(t => t.Name.StartsWith("PostgreSQL peer", StringComparison.Ordinal)), t => Assert.False(t.Met));
    }

    [Fact]
    public void Scale_is_not_met_below_ten_million_awards_or_when_azurite_aborted()
    {
        var fast = Run("scale", "http-batch", 4_000, 500) with { Acked = 10_000_000, FirstTenthRate = 4_000, LastTenthRate = 3_900 };
        Assert.True(Scale(fast, new AzuriteHealth(false, false)).Met);
        Assert.False(Scale(fast, new AzuriteHealth(true, false, "exit 134")).Met);
        Assert.False(Scale(fast, null).Met);
        Assert.False(Scale(fast with { Acked = 1_000_000 }, new AzuriteHealth(false, false)).Met);

        static BenchTarget Scale(ScenarioResult run, AzuriteHealth? azurite) =>
            BenchReportCommand.Build(Peer, Report([run]), null, "abc", azurite).Targets.Single(t => t.Name.StartsWith("10,000,000", StringComparison.Ordinal));
    }

    [Fact]
    public void The_memory_storage_figure_leaves_out_the_warm_up_run()
    {
        ScenarioResult[] runs =
        [
            Run(InProcCommand.WarmupLabel, "orleans", 4_000, 90),
            Run("orleans conn=64", "orleans", 16_000, 30),
            Run("orleans conn=64", "orleans", 17_000, 30),
            Run("orleans conn=64", "orleans", 15_000, 30),
        ];
        Dictionary<string, double>[] byInterface = [new() { ["IAccountGrain"] = 6 }, new() { ["IAccountGrain"] = 6 }, new() { ["IAccountGrain"] = 6 }];

        var mem = InProcCommand.Summarize(runs, [900_000, 1_000_000, 800_000], [10, 10, 10], byInterface, "server", 20);

        Assert.Equal([16_000, 17_000, 15_000], mem.AwardRuns);
        Assert.Equal(16_000, mem.AwardsPerSecond);
        Assert.Equal(90_000, mem.CeilingAwardsPerSecond);
        var ours = Report([Run("batch", "http-batch", 5000, 400)]);
        var table = BenchReportCommand.Table(BenchReportCommand.Build(Peer, ours, ours with { InProc = mem }, "abc"), ours, "bench/run.sh");
        Assert.Contains("16,000/s vs 900,000 calls/s ÷ 10.00 = 90,000/s → 18 %", table, StringComparison.Ordinal);
    }
}
