using Azure.Data.Tables;
using Cxmpute.Grains.Hosting;
using Cxmpute.Grains.Storage;
using Cxmpute.Grains.Tests.Infrastructure;
using Cxmpute.Testing;
using Microsoft.Extensions.Hosting;

namespace Cxmpute.Grains.Tests;

/// <summary>
/// The settings that place a deployment's data (<see cref="LedgerLayout"/>) are recorded in its storage on first start,
/// and a process configured otherwise is refused, naming each setting, instead of crediting retries again or reading
/// accounts from tables that do not hold them.
/// </summary>
public sealed class LedgerLayoutTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly LedgerLayout Default = LedgerLayout.Of(new LedgerOptions());

    [Fact]
    public async Task The_first_start_records_the_layout_and_later_starts_with_it_pass()
    {
        var table = await azurite.CreateTableAsync("layout");
        Assert.Null(await LedgerLayout.ReadAsync(table));

        Assert.Equal(Default, await LedgerLayout.EnsureAsync(table, Default, record: true));
        Assert.Equal(Default, await LedgerLayout.ReadAsync(table));
        Assert.Equal(Default, await LedgerLayout.EnsureAsync(table, Default with { }, record: true));
        Assert.Equal(Default, await LedgerLayout.EnsureAsync(table, Default, record: false));
    }

    [Fact]
    public async Task A_process_configured_with_another_layout_is_refused_naming_each_setting_and_the_record_stays()
    {
        var table = await azurite.CreateTableAsync("layout");
        await LedgerLayout.EnsureAsync(table, Default, record: true);

        var journals = await Assert.ThrowsAsync<InvalidOperationException>(() => LedgerLayout.EnsureAsync(table, Default with { AwardJournals = 4 }, record: true));
        Assert.Contains("set up with Ledger:AwardJournals = 8", journals.Message, StringComparison.Ordinal);
        Assert.Contains("configured with Ledger:AwardJournals = 4", journals.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountTableShards", journals.Message, StringComparison.Ordinal);

        var several = await Assert.ThrowsAsync<InvalidOperationException>(() => LedgerLayout.EnsureAsync(
            table, Default with { JournalStorage = JournalStorage.Blob, AccountTableShards = 32, AccountPartitions = 128 }, record: false));
        Assert.Contains("Ledger:JournalStorage = Table, Ledger:AccountTableShards = 16, Ledger:AccountPartitions = 64", several.Message, StringComparison.Ordinal);
        Assert.Contains("Ledger:JournalStorage = Blob, Ledger:AccountTableShards = 32, Ledger:AccountPartitions = 128", several.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AwardJournals", several.Message, StringComparison.Ordinal);

        Assert.Equal(Default, await LedgerLayout.ReadAsync(table));
    }

    [Fact]
    public async Task A_reader_records_nothing_and_storage_without_a_table_has_no_layout()
    {
        var missing = azurite.CreateTableServiceClient().GetTableClient(azurite.NewTableName("layout"));
        Assert.Null(await LedgerLayout.ReadAsync(missing));
        Assert.Equal(Default with { AwardJournals = 2 }, await LedgerLayout.EnsureAsync(missing, Default with { AwardJournals = 2 }, record: false));

        var table = await azurite.CreateTableAsync("layout");
        await LedgerLayout.EnsureAsync(table, Default with { AwardJournals = 2 }, record: false);
        Assert.Null(await LedgerLayout.ReadAsync(table));
    }

    [Fact]
    public async Task Of_two_first_starts_with_different_layouts_one_records_its_own_and_the_other_is_refused()
    {
        for (var round = 0; round < 5; round++)
        {
            var table = await azurite.CreateTableAsync("layout");
            var other = Default with { AwardJournals = 16 };
            var outcomes = await Task.WhenAll(
                Attempt(table, Default), Attempt(table, other), Attempt(table, Default), Attempt(table, other));

            var recorded = await LedgerLayout.ReadAsync(table);
            Assert.NotNull(recorded);
            for (var i = 0; i < outcomes.Length; i++)
            {
                var configured = i % 2 == 0 ? Default : other;
                Assert.Equal(configured == recorded, outcomes[i]);
            }
        }

        static async Task<bool> Attempt(TableClient table, LedgerLayout layout)
        {
            try
            {
                await LedgerLayout.EnsureAsync(table, layout, record: true);
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    [Fact]
    public async Task A_silo_on_storage_runs_the_checks_before_any_grain_and_records_its_layout()
    {
        // The participant's start on its own: a silo whose start fails is not fully torn down by the test cluster and keeps
        // running in the test process (membership updates), which slowed the tests after it.
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddCxmputeLedger(TestLedgerOptions.Create()));
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(ILifecycleParticipant<ISiloLifecycle>)
            && d.ImplementationType == typeof(StorageLayoutCheck));

        var options = TestLedgerOptions.Create();
        options.StorageConnectionString = azurite.ConnectionString;
        options.AccountTable = azurite.NewTableName("acc");
        var journals = new MemoryJournalStore(new StorageFaults());
        await Start(new StorageLayoutCheck(journals, Microsoft.Extensions.Options.Options.Create(options)));
        var table = azurite.CreateTableServiceClient().GetTableClient(LedgerLayout.TableName(options));
        Assert.Equal(LedgerLayout.Of(options), await LedgerLayout.ReadAsync(table));

        options.AwardJournals += 1;
        await Assert.ThrowsAsync<InvalidOperationException>(() => Start(new StorageLayoutCheck(journals, Microsoft.Extensions.Options.Options.Create(options))));

        // Pages past the configured journals are refused before a layout is recorded over them.
        var fresh = TestLedgerOptions.Create();
        fresh.StorageConnectionString = azurite.ConnectionString;
        fresh.AccountTable = azurite.NewTableName("acc");
        await journals.WritePageAsync(LedgerOptions.AwardJournalId(fresh.AwardJournals), new JournalPageInfo(0, 1, 1, 1, LedgerCluster.Start), [1], expectedETag: null);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Start(new StorageLayoutCheck(journals, Microsoft.Extensions.Options.Options.Create(fresh))));
        Assert.Contains("Ledger:AwardJournals", refused.Message, StringComparison.Ordinal);
        Assert.Null(await LedgerLayout.ReadAsync(azurite.CreateTableServiceClient().GetTableClient(LedgerLayout.TableName(fresh))));
    }

    private static async Task Start(ILifecycleParticipant<ISiloLifecycle> participant)
    {
        var lifecycle = new RecordingLifecycle();
        participant.Participate(lifecycle);
        var (stage, start) = Assert.Single(lifecycle.Starts);
        Assert.Equal(ServiceLifecycleStage.ApplicationServices, stage);
        await start(CancellationToken.None);
    }

    private sealed class RecordingLifecycle : ISiloLifecycle
    {
        public List<(int Stage, Func<CancellationToken, Task> Start)> Starts { get; } = [];

        public int HighestCompletedStage => 0;

        public int LowestStoppedStage => int.MaxValue;

        public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
        {
            Starts.Add((stage, observer.OnStart));
            return new NoOp();
        }

        public void AddHighPriorityStartupTask(Func<CancellationToken, Task> task) => throw new NotSupportedException();

        private sealed class NoOp : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
