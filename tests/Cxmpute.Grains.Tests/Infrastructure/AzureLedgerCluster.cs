using Cxmpute.Grains.Hosting;
using Cxmpute.Testing;
using Orleans.TestingHost;

namespace Cxmpute.Grains.Tests.Infrastructure;

/// <summary>
/// A test cluster whose ledger stores live in Azure Table storage (and, with <see cref="JournalStorage"/> = Blob, the
/// journals in blob storage), on an Azurite this fixture starts.
/// </summary>
public class AzureLedgerCluster : IAsyncLifetime
{
    private AzuriteFixture _azurite = null!;

    protected virtual short Silos => 1;

    /// <summary>Where the journals keep their pages (<see cref="LedgerOptions.JournalStorage"/>).</summary>
    protected virtual JournalStorage JournalStorage => JournalStorage.Table;

    /// <summary>
    /// Checkpoint and flush timing: "fast" (every 500 ms, accounts flushed after 1 s, so that tests see checkpoints
    /// happen) or "production" (the defaults of <see cref="LedgerOptions"/>).
    /// </summary>
    protected virtual string Timing => "fast";

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public string ConnectionString => _azurite.ConnectionString;

    public string Prefix { get; } = "t" + Guid.NewGuid().ToString("N")[..10];

    public LedgerOptions Options => Configurator.OptionsFor(ConnectionString, Prefix, Timing, JournalStorage);

    public async Task InitializeAsync()
    {
        _azurite = JournalStorage == JournalStorage.Blob ? new AzuriteWithBlobFixture() : new AzuriteFixture();
        await _azurite.InitializeAsync();
        await DeployAsync();
    }

    /// <summary>Kills every silo (no graceful shutdown: nothing is persisted on the way out) and starts a new cluster on the same storage.</summary>
    public async Task CrashAndRestartAsync()
    {
        foreach (var silo in Cluster.Silos.Reverse().ToList())
        {
            await Cluster.KillSiloAsync(silo);
        }

        await Cluster.DisposeAsync();
        await DeployAsync();
    }

    private async Task DeployAsync()
    {
        var builder = new TestClusterBuilder(Silos);
        builder.Properties["connection"] = ConnectionString;
        builder.Properties["prefix"] = Prefix;
        builder.Properties["timing"] = Timing;
        builder.Properties["journal"] = JournalStorage.ToString();
        builder.AddSiloBuilderConfigurator<Configurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    /// <summary>The ledger's metrics of a silo of this cluster.</summary>
    public LedgerMetrics Metrics(int silo = 0) => Cluster.LedgerMetrics(silo);

    private sealed class Configurator : ISiloConfigurator
    {
        public static LedgerOptions OptionsFor(string connection, string prefix, string timing, JournalStorage journal)
        {
            var options = TestLedgerOptions.Create(connection);
            options.JournalStorage = journal;
            if (timing == "production")
            {
                var defaults = new LedgerOptions();
                options.AwardJournals = defaults.AwardJournals;
                options.CheckpointInterval = defaults.CheckpointInterval;
                options.AccountFlushDelay = defaults.AccountFlushDelay;
            }

            options.JournalTable = prefix + "journal";
            options.AccountTable = prefix + "accounts";
            options.CheckpointTable = prefix + "checkpoints";
            return options;
        }

        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.AddCxmputeLedger(OptionsFor(
                siloBuilder.Configuration["connection"]!, siloBuilder.Configuration["prefix"]!, siloBuilder.Configuration["timing"]!, Enum.Parse<JournalStorage>(siloBuilder.Configuration["journal"]!)));
    }
}

/// <summary>Two silos on Azurite, for killing one.</summary>
public sealed class TwoSiloAzureLedgerCluster : AzureLedgerCluster
{
    protected override short Silos => 2;
}

/// <summary>Two silos on Azurite, the journals in blob storage, for killing one.</summary>
public sealed class TwoSiloBlobJournalAzureLedgerCluster : AzureLedgerCluster
{
    protected override short Silos => 2;

    protected override JournalStorage JournalStorage => JournalStorage.Blob;
}

/// <summary>One silo on Azurite, its journals in blob storage.</summary>
public sealed class BlobJournalAzureLedgerCluster : AzureLedgerCluster
{
    protected override JournalStorage JournalStorage => JournalStorage.Blob;
}

/// <summary>
/// One silo on Azurite with the production defaults of checkpoint and flush timing and the layout ./run.sh uses
/// (journals in blob storage, accounts in table storage), for the scale test.
/// </summary>
public sealed class ProductionTimingAzureLedgerCluster : AzureLedgerCluster
{
    protected override string Timing => "production";

    protected override JournalStorage JournalStorage => JournalStorage.Blob;
}
