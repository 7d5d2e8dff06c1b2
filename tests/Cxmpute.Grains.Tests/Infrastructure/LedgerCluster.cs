using Cxmpute.Grains.Hosting;
using Cxmpute.Grains.Storage;
using Cxmpute.Grains.Storage.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Cxmpute.Grains.Tests.Infrastructure;

/// <summary>
/// A test cluster on in-memory storage that is shared by all its silos (so a silo can die without taking the data
/// with it), with the ledger's clock under test control.
/// </summary>
public class LedgerCluster : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private readonly string _key = Guid.NewGuid().ToString("N");

    protected virtual short Silos => 1;

    public FakeTimeProvider Time => World.Time!;

    internal SharedWorld World { get; } = new() { Time = new FakeTimeProvider(Start) };

    public StorageFaults Faults => World.Faults;

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        SharedWorld.All[_key] = World;
        var builder = new TestClusterBuilder(Silos);
        builder.Properties["world"] = _key;
        builder.AddSiloBuilderConfigurator<Configurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        SharedWorld.All.TryRemove(_key, out _);
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var world = SharedWorld.All[siloBuilder.Configuration["world"]!];
            siloBuilder.Services.AddSingleton(new LedgerClock(world.Time!));
            siloBuilder.Services.AddSingleton(world.Faults);
            siloBuilder.Services.AddSingleton<IJournalStore>(world.Journals);
            siloBuilder.Services.AddSingleton<IAccountStore>(world.Accounts);
            siloBuilder.Services.AddSingleton<ILedgerPageStore>(world.Pages);
            siloBuilder.Services.AddKeyedSingleton<IGrainStorage>(LedgerStorage.Checkpoints, world.Checkpoints);
            siloBuilder.AddCxmputeLedger(TestLedgerOptions.Create());
        }
    }
}
