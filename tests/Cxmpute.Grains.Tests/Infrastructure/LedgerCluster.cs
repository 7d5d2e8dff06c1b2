using Cxmpute.Grains;
using Cxmpute.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Cxmpute.Grains.Tests.Infrastructure;

/// <summary>A one-silo test cluster on in-memory storage with the ledger's clock under test control.</summary>
public class LedgerCluster : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        var key = Guid.NewGuid().ToString("N");
        Clocks[key] = Time;
        builder.Properties["clock"] = key;
        builder.AddSiloBuilderConfigurator<Configurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    internal static readonly System.Collections.Concurrent.ConcurrentDictionary<string, FakeTimeProvider> Clocks = new();

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var key = siloBuilder.Configuration["clock"];
            siloBuilder.Services.AddSingleton(new LedgerClock(key is not null && Clocks.TryGetValue(key, out var fake) ? fake : TimeProvider.System));
            siloBuilder.AddCxmputeLedger(TestLedgerOptions.Create());
        }
    }
}
