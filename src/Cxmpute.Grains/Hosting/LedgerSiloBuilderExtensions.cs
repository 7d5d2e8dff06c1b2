using Azure.Data.Tables;
using Cxmpute.Grains.Accounts;
using Cxmpute.Grains.Storage;
using Cxmpute.Grains.Storage.Ledger;
using Cxmpute.Rewards;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Cxmpute.Grains.Hosting;

/// <summary>Registers the ledger's grains, stores and reward schedule on a silo.</summary>
public static class LedgerSiloBuilderExtensions
{
    /// <summary>Configuration key of the storage connection string shared with clustering (env CXMPUTE_STORAGE_CONNECTION).</summary>
    public const string SharedConnectionKey = "Cxmpute:Storage:ConnectionString";

    /// <summary>
    /// Adds the ledger to a silo. Reads the <c>Ledger</c> configuration section (storage connection, table names,
    /// schedule file, journal count). With no storage connection configured, everything is kept in memory: the host
    /// (Cxmpute.Silo's DurableStorageCheck) allows that only in the Development environment.
    /// </summary>
    public static ISiloBuilder AddCxmputeLedger(this ISiloBuilder builder, IConfiguration configuration)
    {
        var options = new LedgerOptions();
        configuration.GetSection(LedgerOptions.SectionName).Bind(options);
        if (string.IsNullOrWhiteSpace(options.StorageConnectionString))
        {
            options.StorageConnectionString = configuration[SharedConnectionKey];
        }

        return builder.AddCxmputeLedger(options);
    }

    /// <summary>Adds the ledger to a silo with the given options.</summary>
    public static ISiloBuilder AddCxmputeLedger(this ISiloBuilder builder, LedgerOptions options)
    {
        // A mistyped setting stops the silo here, naming it (OptionsValidationException), not in a grain later.
        LedgerOptionsValidation.EnsureValid(options);
        var services = builder.Services;
        services.AddSingleton(Options.Create(options));
        services.TryAddSingleton<LedgerClock>();
        if (!services.Any(d => d.ServiceType == typeof(RewardSchedule)))
        {
            // Loaded now, so that a bad schedule stops the silo before it starts, naming the bad entry.
            services.AddSingleton(RewardSchedule.Load(ResolveSchedule(options)));
        }

        services.TryAddSingleton<StorageFaults>();
        services.TryAddSingleton(sp => new LedgerMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, JournalKeeper>();
        services.TryAddSingleton<LocalJournals>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, JournalDrainer>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, StorageLayoutCheck>();
        services.Configure<GrainCollectionOptions>(o => o.ClassSpecificCollectionAge[typeof(AccountGrain).FullName!] = options.AccountIdleTime);

        var connection = options.StorageConnectionString;
        var checkpointsRegistered = services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, LedgerStorage.Checkpoints));
        if (string.IsNullOrWhiteSpace(connection))
        {
            services.TryAddSingleton<IJournalStore, MemoryJournalStore>();
            services.TryAddSingleton<IAccountStore, MemoryAccountStore>();
            services.TryAddSingleton<ILedgerPageStore>(sp => new MemoryPageStore(sp.GetRequiredService<StorageFaults>()));
            if (!checkpointsRegistered)
            {
                builder.AddMemoryGrainStorage(LedgerStorage.Checkpoints);
            }

            return builder;
        }

        services.TryAddSingleton(sp => JournalStores.Open(connection, options, sp.GetRequiredService<LedgerMetrics>(), create: true));
        services.TryAddSingleton<IAccountStore>(sp => new TableAccountStore([.. options.AccountTables().Select(name => CreateTable(connection, name, options))], options.AccountPartitions, options.MaxWriteBatch, sp.GetRequiredService<LedgerMetrics>(), options.MaxConcurrentAccountWrites));
        services.TryAddSingleton(sp => LedgerPageStores.Open(connection, options, sp.GetRequiredService<LedgerMetrics>(), create: true));
        builder.AddAzureTableGrainStorage(LedgerStorage.Checkpoints, o =>
        {
            o.TableServiceClient = new TableServiceClient(connection, ClientOptions(options));
            o.TableName = options.CheckpointTable;
        });
        return builder;
    }

    private static TableClient CreateTable(string connection, string name, LedgerOptions options)
    {
        var table = new TableServiceClient(connection, ClientOptions(options)).GetTableClient(name);
        table.CreateIfNotExists();
        return table;
    }

    /// <summary>Storage requests give up quickly: a stalled storage must turn into 503s, not hung requests.</summary>
    public static TableClientOptions ClientOptions(LedgerOptions options) => WithLedgerRetries(new TableClientOptions(), options);

    /// <summary>The ledger's short timeouts and few retries, on the options of any Azure storage client (tables, blobs).</summary>
    public static T WithLedgerRetries<T>(T client, LedgerOptions options)
        where T : Azure.Core.ClientOptions
    {
        client.Retry.NetworkTimeout = options.StorageTimeout;
        client.Retry.MaxRetries = options.StorageRetries;
        client.Retry.Delay = TimeSpan.FromMilliseconds(200);
        client.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        return client;
    }

    private static string ResolveSchedule(LedgerOptions options)
    {
        if (Path.IsPathRooted(options.ScheduleFile))
        {
            return options.ScheduleFile;
        }

        var directory = options.ConfigDirectory ?? FindConfigDirectory()
            ?? throw new InvalidOperationException("cannot find the silo-config folder; set Ledger:ConfigDirectory or an absolute Ledger:ScheduleFile");
        return Path.Combine(directory, options.ScheduleFile);
    }

    /// <summary>Walks up from the application folder to the repository's silo-config folder.</summary>
    public static string? FindConfigDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "silo-config");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
