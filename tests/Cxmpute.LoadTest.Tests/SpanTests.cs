using Cxmpute.LoadTest.Cli;
using Cxmpute.LoadTest.Load;
using Cxmpute.LoadTest.Metrics;
using Cxmpute.LoadTest.Population;
using Cxmpute.LoadTest.Reconcile;
using Cxmpute.LoadTest.Targets;

namespace Cxmpute.LoadTest.Tests;

/// <summary>
/// Measured runs follow each other without waiting; the storage operations they defer are charged to the span: from the
/// first award of the first measured run until storage is idle after the last, divided by the awards of the measured runs.
/// </summary>
public sealed class SpanTests
{
    [Fact]
    public async Task Runs_follow_each_other_and_the_span_charges_every_deferred_write_to_the_measured_awards()
    {
        // One deferred write per award, released 10 at a time at each sample of the server's counters.
        var server = new DeferringServer(releasedPerSample: 10);
        var population = new LoadPopulation(new PopulationSpec(300, 30, 5, "span"), TestSchedule.Shipped);
        ScenarioSpec[] scenarios =
        [
            ScenarioSpec.Parse("http:conn=2:awards=40:duration=20:label=warmup", TimeSpan.FromSeconds(20), 40),
            ScenarioSpec.Parse("http:conn=2:awards=100:duration=20:measure=1:label=a", TimeSpan.FromSeconds(20), 100),
            ScenarioSpec.Parse("http:conn=2:awards=60:duration=20:measure=1:zipf=1:label=b", TimeSpan.FromSeconds(20), 60),
            ScenarioSpec.Parse("http:conn=2:awards=30:duration=20:label=scale", TimeSpan.FromSeconds(20), 30),
        ];
        var settings = new LoadSettings(SettleSeconds: 0, ScrapeSeconds: 1000, IdleProbeSeconds: 0.05);

        var report = await RunCommand.ExecuteAsync(new ConsoleProgress(), population, server, scenarios, _ => server, server, 1, skipSetup: true, reconcile: false,
            1, 1, settings, CancellationToken.None, measuring: new Measuring(TimeSpan.FromSeconds(30), null));

        Assert.All(report.Runs, r => Assert.Equal(0, r.IdleWaitSeconds));
        Assert.Equal([false, true, true, false], report.Runs.Select(r => r.Measured));
        var span = Assert.IsType<StorageSpan>(report.Span);
        Assert.Equal(("a", "b", 2, 160L), (span.FirstScenario, span.LastScenario, span.Runs, span.Awards));
        Assert.True(span.ReachedIdle);
        // Every write the measured runs deferred, and what the warm-up left over when they started: all 200 writes of the
        // first three scenarios that had not been made before the first measured award.
        var before = report.Runs[1].StorageOperationsAtStart!.Value;
        Assert.Equal(200 - before, span.Operations);
        Assert.True(span.TailOperations > 0, "the writes deferred past the last measured run belong to the span");
        Assert.Equal(span.Operations / 160, span.OperationsPerAward, 9);
        // Within a run only the writes that landed during it are counted.
        Assert.Equal(report.Runs[1].StorageOperationsAtEnd - report.Runs[1].StorageOperationsAtStart, report.Runs[1].StorageOperations);
        Assert.Equal([0.0, 0.0, 1.0, 0.0], report.Runs.Select(r => r.Zipf));
        // The skewed run reserved 60 indexes and sent 60; the next run's awards are uniform again.
        Assert.Equal(0, population.ExponentOf(200));
    }

    [Fact]
    public async Task A_skewed_run_that_ends_on_its_duration_leaves_the_indexes_it_did_not_send_to_uniform_traffic()
    {
        var server = new DeferringServer(releasedPerSample: 10, delay: TimeSpan.FromMilliseconds(20));
        var population = new LoadPopulation(new PopulationSpec(300, 30, 5, "trim"), TestSchedule.Shipped);
        ScenarioSpec[] scenarios =
        [
            ScenarioSpec.Parse("http:conn=1:awards=100000:duration=0.3:zipf=1:label=skewed", TimeSpan.FromSeconds(1), 100_000),
            ScenarioSpec.Parse("http:conn=1:awards=10:duration=20:label=uniform", TimeSpan.FromSeconds(20), 10),
        ];

        var report = await RunCommand.ExecuteAsync(new ConsoleProgress(), population, server, scenarios, _ => server, null, 1, skipSetup: true, reconcile: false,
            1, 1, new LoadSettings(SettleSeconds: 0, ScrapeSeconds: 1000), CancellationToken.None);

        var sent = report.Runs[0].Sent;
        Assert.InRange(sent, 1, 1_000);
        Assert.Equal(1.0, population.ExponentOf(sent - 1));
        Assert.Equal(0.0, population.ExponentOf(sent));
        Assert.Equal([1.0, 0.0], report.Runs.Select(r => r.Zipf));
    }

    [Fact]
    public void A_skewed_range_changes_only_its_own_awards_and_stays_reproducible()
    {
        var uniform = new LoadPopulation(new PopulationSpec(10_000, 1_000, 7, "z"), TestSchedule.Shipped);
        var skewed = new LoadPopulation(new PopulationSpec(10_000, 1_000, 7, "z"), TestSchedule.Shipped);
        skewed.UseTraffic(1_000, 21_000, 1.0);

        Assert.Equal(0, uniform.ExponentOf(5_000));
        Assert.Equal(1.0, skewed.ExponentOf(5_000));
        Assert.Equal(0, skewed.ExponentOf(21_000));
        for (long i = 0; i < 1_000; i++)
        {
            Assert.Equal(uniform.Award(i), skewed.Award(i));
        }

        // Uniform: the busiest of 10,000 users gets a few awards in 20,000; Zipf s = 1 gives its top user about 10 %.
        var top = Enumerable.Range(1_000, 20_000).Select(i => skewed.Award(i).User).GroupBy(u => u).Max(g => g.Count());
        var topUniform = Enumerable.Range(1_000, 20_000).Select(i => uniform.Award(i).User).GroupBy(u => u).Max(g => g.Count());
        Assert.InRange(top, 1_500, 2_600);
        Assert.InRange(topUniform, 1, 15);
        Assert.Throws<ArgumentException>(() => skewed.UseTraffic(20_000, 30_000, 0.5));
        skewed.EndTraffic(1_000, 5_000);
        Assert.Equal(1.0, skewed.ExponentOf(4_999));
        Assert.Equal(0, skewed.ExponentOf(5_000));
        Assert.Equal(uniform.Award(6_000), skewed.Award(6_000));
    }

    [Fact]
    public void The_span_needs_counters_at_both_ends()
    {
        var run = new ScenarioResult { Scenario = "a", Mode = "http", Acked = 10, StorageOperationsAtStart = 5, StorageOperationsAtEnd = 7 };
        var tail = new ProbeSample(9, 0, 0, null, new Dictionary<string, double>(), RowsWritten: 40);
        Assert.Null(StorageSpan.Of([run], null, TimeSpan.Zero, true));
        Assert.Null(StorageSpan.Of([run with { StorageOperationsAtStart = null }], tail, TimeSpan.Zero, true));
        var span = StorageSpan.Of([run with { RowsWrittenAtStart = 10 }], tail, TimeSpan.FromSeconds(3), false)!;
        Assert.Equal((4.0, 2.0, 30.0, 0.4, false), (span.Operations, span.TailOperations, span.RowsWritten!.Value, span.OperationsPerAward, span.ReachedIdle));
    }

    /// <summary>Acknowledges every award at once and defers one storage write per award, released a few at each sample.</summary>
    private sealed class DeferringServer(int releasedPerSample, TimeSpan delay = default) : ILedgerTarget, IServerProbe
    {
        private readonly Lock _gate = new();
        private long _deferred;
        private long _operations;
        private long _awards;

        public string Describe => "deferring fake";

        public Task<ProbeSample?> SampleAsync(CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                var released = Math.Min(_deferred, releasedPerSample);
                _deferred -= released;
                _operations += released;
                return Task.FromResult<ProbeSample?>(new ProbeSample(_operations, _awards, _awards, null, new Dictionary<string, double>()));
            }
        }

        public async Task<int> SubmitAsync(ReadOnlyMemory<AwardWire> awards, Memory<int> statuses, CancellationToken cancellationToken)
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken);
            }

            lock (_gate)
            {
                _awards += awards.Length;
                _deferred += awards.Length;
            }

            statuses.Span.Fill(200);
            return 200;
        }

        public Task<int> RegisterProviderAsync(string providerId, decimal vramGb, CancellationToken cancellationToken) => Task.FromResult(200);

        public Task<int> EnsureUserAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(200);

        public Task<(int Status, string? Code)> ApplyReferralAsync(string accountId, string referralCode, CancellationToken cancellationToken) => Task.FromResult((200, (string?)null));

        public Task<AccountTotals?> ReadTotalsAsync(string accountId, CancellationToken cancellationToken) => Task.FromResult<AccountTotals?>(null);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
