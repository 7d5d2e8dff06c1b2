using Cxmpute.LoadTest.Cli;
using Cxmpute.LoadTest.Load;
using Cxmpute.LoadTest.Metrics;
using Cxmpute.LoadTest.Population;
using Cxmpute.LoadTest.Targets;

namespace Cxmpute.LoadTest.Tests;

/// <summary>
/// One short end-to-end run against the real host (silo + API co-hosted, in-memory ledger): set up a small population over
/// HTTP, push batches and single awards, read /metrics, and reconcile every account to the last digit.
/// </summary>
[Collection(InProcessHostCollection.Name)]
public sealed class SmokeTests
{
    private const string Key = "loadtest-smoke-key-5c1e";

    [Fact]
    [Trait("needs", "grains")]
    public async Task A_short_run_over_http_reconciles_every_account_exactly()
    {
        await using var host = new InProcessHost(Key, "loadtest-smoke-");
        using var client = host.NewClient();
        await using var batch = new HttpLedgerTarget(client, batch: true, ownsClient: false);
        await using var single = new HttpLedgerTarget(client, batch: false, ownsClient: false);
        using var probe = new PrometheusProbe(new Uri(client.BaseAddress!, "metrics"), null, client);
        var population = new LoadPopulation(new PopulationSpec(300, 30, 5, "smoke"), TestSchedule.Shipped);
        ScenarioSpec[] scenarios =
        [
            ScenarioSpec.Parse("http-batch:conn=2:batch=100:duration=3", TimeSpan.FromSeconds(3), 100_000),
            ScenarioSpec.Parse("http:conn=8:duration=2", TimeSpan.FromSeconds(2), 100_000),
        ];

        var report = await RunCommand.ExecuteAsync(new ConsoleProgress(), population, batch, scenarios, mode => mode == "http" ? single : batch, probe,
            repeat: 1, skipSetup: false, reconcile: true, setupConcurrency: 16, reconcileConcurrency: 16, new LoadSettings(SettleSeconds: 0), CancellationToken.None);

        Assert.All(report.Runs, run =>
        {
            Assert.True(run.Acked > 0, $"{run.Scenario} acknowledged nothing");
            Assert.Equal(0, run.Failed);
            Assert.Equal(0, run.Unresolved);
            Assert.Equal(run.Acked, run.ServerAwards); // the server's own counter, read from /metrics
            Assert.True(run.ServerP50Ms > 0 && run.ServerP50Ms <= run.ServerP99Ms, $"{run.Scenario}: award latency at the server p50 {run.ServerP50Ms} p99 {run.ServerP99Ms}");
            Assert.NotNull(run.AwardsSetAside); // read from /metrics like the throttled time (0 while the counter has not moved)
            Assert.NotNull(run.ThrottledSeconds);
        });
        var reconciliation = report.Reconciliation!;
        Assert.True(reconciliation.Exact, string.Join("\n", reconciliation.FirstMismatches));
        Assert.Equal(330, reconciliation.Matched);
        Assert.True(reconciliation.ExpectedGrandTotal > 0);
        Assert.NotEmpty(report.Series);
    }
}
