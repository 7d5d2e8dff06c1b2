using Cxmpute.LoadTest.Load;
using Cxmpute.LoadTest.Metrics;
using Cxmpute.LoadTest.Population;
using Cxmpute.LoadTest.Reconcile;
using Cxmpute.LoadTest.Targets;

namespace Cxmpute.LoadTest.Tests;

/// <summary>
/// The storage operations counted for a run include the account writes it deferred: with <c>idle=S</c> the driver keeps
/// counting after the load until the server's storage is idle again.
/// </summary>
public sealed class SettlingTests
{
    [Fact]
    public async Task With_idle_a_run_counts_the_writes_the_server_makes_after_its_last_award()
    {
        // Every other sample finds storage quiet, as while Azurite saves its database: that is not idle yet.
        var server = new DeferringServer(releasedPerSample: 25, quietEveryOtherSample: true);
        var population = new LoadPopulation(new PopulationSpec(300, 30, 5, "settle"), TestSchedule.Shipped);
        var spec = ScenarioSpec.Parse("http:conn=2:awards=100:duration=20:idle=60", TimeSpan.FromSeconds(20), 100);
        var driver = new LoadDriver(server, population, "settle", new AckTracker(100), server, new LoadSettings(SettleSeconds: 0, ScrapeSeconds: 1000, IdleProbeSeconds: 0.2), _ => { });

        var run = await driver.RunAsync(spec, 1, 0, CancellationToken.None);

        Assert.Equal(100, run.Acked);
        Assert.True(run.StorageOperations < 100, $"the window already counted {run.StorageOperations} operations: the test needs writes that come after it");
        Assert.Equal(1.0, run.StorageOperationsPerAwardSettled); // every one of the 100 deferred writes
        // The last 25 writes come at the fifth probe interval at the earliest (every other probe is quiet, and the first
        // probes after the load may release some), then three quiet intervals in a row: at least eight intervals.
        Assert.True(run.SettleSeconds >= 0.2 * 8 - 0.02, $"settled after {run.SettleSeconds} s");
    }

    [Fact]
    public async Task Without_idle_a_run_counts_only_a_fixed_time_after_its_last_award()
    {
        var server = new DeferringServer(releasedPerSample: 25);
        var population = new LoadPopulation(new PopulationSpec(300, 30, 5, "settle"), TestSchedule.Shipped);
        var spec = ScenarioSpec.Parse("http:conn=2:awards=100:duration=20", TimeSpan.FromSeconds(20), 100);
        var driver = new LoadDriver(server, population, "settle", new AckTracker(100), server, new LoadSettings(SettleSeconds: 0, ScrapeSeconds: 1000, IdleProbeSeconds: 0.2), _ => { });

        var run = await driver.RunAsync(spec, 1, 0, CancellationToken.None);

        Assert.Equal(100, run.Acked);
        Assert.Null(run.StorageOperationsPerAwardSettled);
        Assert.Equal(0, run.SettleSeconds);
    }

    /// <summary>
    /// Acknowledges every award at once and defers one storage write per award, released a few at each sample (or at
    /// every other one), as the silo's account writes trail its acknowledgements.
    /// </summary>
    private sealed class DeferringServer(int releasedPerSample, bool quietEveryOtherSample = false) : ILedgerTarget, IServerProbe
    {
        private long _samples;
        private readonly Lock _gate = new();
        private long _deferred;
        private long _operations;
        private long _awards;

        public string Describe => "deferring fake";

        public Task<ProbeSample?> SampleAsync(CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                var quiet = quietEveryOtherSample && _samples++ % 2 == 1;
                var released = quiet ? 0 : Math.Min(_deferred, releasedPerSample);
                _deferred -= released;
                _operations += released;
                return Task.FromResult<ProbeSample?>(new ProbeSample(_operations, _awards, _awards, null, new Dictionary<string, double>()));
            }
        }

        public Task<int> SubmitAsync(ReadOnlyMemory<AwardWire> awards, Memory<int> statuses, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                _awards += awards.Length;
                _deferred += awards.Length;
            }

            statuses.Span.Fill(200);
            return Task.FromResult(200);
        }

        public Task<int> RegisterProviderAsync(string providerId, decimal vramGb, CancellationToken cancellationToken) => Task.FromResult(200);

        public Task<int> EnsureUserAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(200);

        public Task<(int Status, string? Code)> ApplyReferralAsync(string accountId, string referralCode, CancellationToken cancellationToken) => Task.FromResult((200, (string?)null));

        public Task<AccountTotals?> ReadTotalsAsync(string accountId, CancellationToken cancellationToken) => Task.FromResult<AccountTotals?>(null);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
