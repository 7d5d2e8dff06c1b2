using Cxmpute.Client;
using Cxmpute.LoadTest.Cli;
using Cxmpute.LoadTest.Load;
using Cxmpute.LoadTest.Population;
using Cxmpute.LoadTest.Targets;

namespace Cxmpute.LoadTest.Tests;

/// <summary>Mode <c>http-publisher</c>: concurrent callers each publish one award per call through the client's AwardPublisher; every account reconciles.</summary>
[Collection(InProcessHostCollection.Name)]
public sealed class PublisherModeTests
{
    private const string Key = "loadtest-publisher-key-9a4d-52c7e08b1f3a64d9";

    [Fact]
    [Trait("needs", "grains")]
    public async Task Awards_published_one_per_call_from_concurrent_callers_are_acknowledged_and_reconcile_exactly()
    {
        await using var host = new InProcessHost(Key, "loadtest-publisher-");
        using var client = host.NewClient();
        await using var http = new HttpLedgerTarget(client, batch: true, ownsClient: false);
        await using var publisher = new PublisherLedgerTarget(http, new AwardPublisherOptions { Linger = TimeSpan.FromMilliseconds(5) });
        var population = new LoadPopulation(new PopulationSpec(200, 20, 7, "pub"), TestSchedule.Shipped);
        ScenarioSpec[] scenarios = [ScenarioSpec.Parse("http-publisher:conn=16:duration=3", TimeSpan.FromSeconds(3), 100_000)];
        Assert.Equal(1, scenarios[0].Batch);
        Assert.Throws<ArgumentException>(() => ScenarioSpec.Parse("http-publisher:batch=10", TimeSpan.FromSeconds(1), 1));

        var report = await RunCommand.ExecuteAsync(new ConsoleProgress(), population, http, scenarios, _ => publisher, probe: null,
            repeat: 1, skipSetup: false, reconcile: true, setupConcurrency: 16, reconcileConcurrency: 16, new LoadSettings(SettleSeconds: 0), CancellationToken.None);

        var run = Assert.Single(report.Runs);
        Assert.True(run.Acked > 0, "nothing acknowledged");
        Assert.Equal(0, run.Failed);
        Assert.Equal(0, run.Unresolved);
        Assert.True(report.Reconciliation!.Exact, string.Join("\n", report.Reconciliation.FirstMismatches));
        Assert.Equal(220, report.Reconciliation.Matched);
    }
}
