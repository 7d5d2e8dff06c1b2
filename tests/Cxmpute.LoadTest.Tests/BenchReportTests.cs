using System.Text.Json;
using Cxmpute.LoadTest.Bench;
using Cxmpute.LoadTest.Cli;
using Cxmpute.LoadTest.Load;
using Cxmpute.LoadTest.Reconcile;
using Cxmpute.LoadTest.Report;

namespace Cxmpute.LoadTest.Tests;

public sealed class BenchReportTests
{
    private static ScenarioResult Run(string label, string mode, double rate, double p99, double ops = 0.1, double targetRate = 0) => new()
    {
        Scenario = label, Mode = mode, Repetition = 1, Connections = 64, Batch = mode == "http" ? 1 : 500, Seconds = 30, Acked = (long)(rate * 30),
        AwardsPerSecond = rate, P50Ms = p99 / 4, P99Ms = p99, MaxMs = p99 * 2, StorageOperationsPerAwardSettled = ops, TargetRate = targetRate,
    };

    [Fact]
    public void Targets_are_judged_against_the_peer_and_survive_a_json_round_trip()
    {
        ScenarioResult[] runs =
        [
            Run("batch", "http-batch", 5000, 400, 0.05),
            Run("single64", "http", 900, 120, 0.3),
            Run("single64-half", "http", 450, 30, 0.6, targetRate: 450),
            Run("scale-1M", "http-batch", 4000, 500, 0.05) with { Acked = 1_000_000, FirstTenthRate = 4000, LastTenthRate = 3500, SiloMemoryMidMb = 800, SiloMemoryEndMb = 850 },
        ];
        var ours = new RunReport
        {
            StartedAt = DateTimeOffset.UnixEpoch,
            Machine = new MachineInfo(2, "linux", ".NET", 1),
            Target = "t",
            Population = new PopulationInfo(100_000, 10_000, 42, "b", 70_000, 7_000, 6, 6, 1, 0.08, 0.1),
            Runs = [.. runs],
            Medians = [.. runs.Select(r => ScenarioMedian.Of(r.Scenario, [r]))],
            Reconciliation = new ReconciliationResult(110_000, 110_000, 0, 0, 1, 1, 1m, 1m, 1, []),
        };
        var json = JsonSerializer.Serialize(ours, ReportJsonContext.Default.RunReport);
        var read = JsonSerializer.Deserialize(json, BenchJsonContext.Default.RunReport)!;
        var peer = new PeerResult("15", 32, 30, [1000, 1100, 900], [0, 0, 0], [30, 30, 30], 90_000, 0);

        var result = BenchReportCommand.Build(peer, read, null, "abc");

        string[] names = ["Durable", "Single-award", "p99", "Storage", "100,000 users", "Silo memory", "Reconciliation"];
        bool?[] met = [true, false, true, true, true, true, true];
        Assert.Equal(names.Length, result.Targets.Count);
        for (var i = 0; i < names.Length; i++)
        {
            Assert.StartsWith(names[i], result.Targets[i].Name, StringComparison.Ordinal);
            Assert.Equal(met[i], result.Targets[i].Met);
        }

        var table = BenchReportCommand.Table(result, read, "bench/run.sh");
        Assert.Contains("| Cxmpute `batch` (POST /api/awards/batch, 64 connections, 500/request) | 5,000 (5.00× PG)", table, StringComparison.Ordinal);
        Assert.Contains("**not met**", table, StringComparison.Ordinal);
    }

    [Fact]
    public void The_memory_storage_figure_leaves_out_the_warm_up_run_and_the_table_says_there_was_one()
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
        Assert.Equal(16_000 / 90_000.0, mem.RatioToCeiling, 9);

        var ours = new RunReport
        {
            StartedAt = DateTimeOffset.UnixEpoch,
            Machine = new MachineInfo(2, "linux", ".NET", 1),
            Target = "t",
            Population = new PopulationInfo(100_000, 10_000, 42, "b", 70_000, 7_000, 6, 6, 1, 0.08, 0.1),
            Runs = [Run("batch", "http-batch", 5000, 400, 0.05)],
            Medians = [ScenarioMedian.Of("batch", [Run("batch", "http-batch", 5000, 400, 0.05)])],
        };
        var inproc = ours with { InProc = mem };
        var peer = new PeerResult("15", 32, 30, [1000, 1100, 900], [0, 0, 0], [30, 30, 30], 90_000, 0);
        var table = BenchReportCommand.Table(BenchReportCommand.Build(peer, ours, inproc, "abc"), ours, "bench/run.sh");
        Assert.Contains("| 16,000 | 16,000 / 17,000 / 15,000 | | ceiling 900,000 trivial calls/s, 10.00 grain calls/award; after a 20 s warm-up run |", table, StringComparison.Ordinal);
        Assert.Contains("16,000/s vs 900,000 calls/s ÷ 10.00 = 90,000/s → 18 %", table, StringComparison.Ordinal);
    }
}
