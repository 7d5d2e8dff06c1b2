using Cxmpute.Grains.Hosting;
using Cxmpute.Grains.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cxmpute.Grains.Tests;

/// <summary>
/// A mistyped ledger setting stops the silo at start, naming the setting, instead of surfacing later as a division by
/// zero in routing, a transaction Azure refuses, or a table that cannot be created.
/// </summary>
public sealed class LedgerOptionsValidationTests
{
    private const string Storage = "UseDevelopmentStorage=true";

    [Fact]
    public void The_defaults_and_the_test_settings_are_valid_with_and_without_storage()
    {
        Assert.Empty(LedgerOptionsValidation.Problems(new LedgerOptions()));
        Assert.Empty(LedgerOptionsValidation.Problems(new LedgerOptions { StorageConnectionString = Storage }));
        Assert.Empty(LedgerOptionsValidation.Problems(new LedgerOptions { StorageConnectionString = Storage, JournalStorage = JournalStorage.Blob }));
        Assert.Empty(LedgerOptionsValidation.Problems(TestLedgerOptions.Create(Storage)));
    }

    public static TheoryData<string, Action<LedgerOptions>> BadSettings => new()
    {
        { "AwardJournals", o => o.AwardJournals = 0 },
        { "MaxGroupSize", o => o.MaxGroupSize = 0 },
        { "MaxGroupSize", o => o.MaxGroupSize = LedgerOptionsValidation.MaxGroupSize + 1 },
        { "JournalPageCapacity", o => o.JournalPageCapacity = -1 },
        { "LedgerPageSize", o => o.LedgerPageSize = 0 },
        { "LedgerPageSize", o => o.LedgerPageSize = LedgerOptionsValidation.MaxLedgerPageSize + 1 },
        { "MaxPendingDeliveries", o => o.MaxPendingDeliveries = 0 },
        { "MaxPendingDeliveries", o => o.MaxPendingDeliveries = (int.MaxValue / 2) + 1 },
        { "FanOutParallelism", o => o.FanOutParallelism = 0 },
        { "CheckpointParallelism", o => o.CheckpointParallelism = 0 },
        { "StorageRetries", o => o.StorageRetries = -1 },
        { "AccountTableShards", o => o.AccountTableShards = -2 },
        { "AccountPartitions", o => o.AccountPartitions = 0 },
        { "MaxConcurrentAccountWrites", o => o.MaxConcurrentAccountWrites = 0 },
        { "MaxWriteBatch", o => o.MaxWriteBatch = 101 },
        { "MaxWriteBatch", o => o.MaxWriteBatch = 1 },
        { "CheckpointInterval", o => o.CheckpointInterval = TimeSpan.Zero },
        { "CheckpointInterval", o => o.CheckpointInterval = TimeSpan.FromDays(50) },
        { "MaxAge", o => o.MaxAge = TimeSpan.FromDays(-1) },
        { "AccountIdleTime", o => o.AccountIdleTime = TimeSpan.FromMinutes(1) },
        { "SubmitTimeout", o => o.SubmitTimeout = TimeSpan.Zero },
        { "StorageTimeout", o => o.StorageTimeout = TimeSpan.FromSeconds(-1) },
        { "AccountFlushDelay", o => o.AccountFlushDelay = TimeSpan.FromSeconds(-1) },
        { "MaxFutureSkew", o => o.MaxFutureSkew = TimeSpan.FromSeconds(-1) },
        { "LookupWait", o => o.LookupWait = TimeSpan.FromMilliseconds(-1) },
        { "MaxThrottleDelay", o => o.MaxThrottleDelay = TimeSpan.FromMilliseconds(-1) },
        { "IdempotencyRetention", o => o.IdempotencyRetention = TimeSpan.FromDays(29) },
        { "IdempotencyRetention", o => o.IdempotencyRetention = o.MaxAge + o.MaxFutureSkew - TimeSpan.FromSeconds(1) },
        { "JournalTable", o => o.JournalTable = "cx_journal" },
        { "JournalTable", o => o.JournalTable = "cx-journal" },
        { "CheckpointTable", o => o.CheckpointTable = "9checkpoints" },
        { "CheckpointTable", o => o.CheckpointTable = "Tables" },
        { "AccountTable", o => o.AccountTable = "cx_accounts" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_setting_is_named_and_the_others_are_not(string setting, Action<LedgerOptions> mistype)
    {
        var options = new LedgerOptions { StorageConnectionString = Storage };
        mistype(options);

        var problem = Assert.Single(LedgerOptionsValidation.Problems(options));
        Assert.StartsWith($"Ledger:{setting} is ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_account_table_name_is_checked_with_the_suffixes_the_ledger_adds_to_it()
    {
        var options = new LedgerOptions { StorageConnectionString = Storage, AccountTable = "a" + new string('c', 56) };
        Assert.Empty(LedgerOptionsValidation.Problems(options)); // 57 + "layout" = 63 characters, Azure's longest

        options.AccountTable += "c";
        var problem = Assert.Single(LedgerOptionsValidation.Problems(options));
        Assert.Contains($"which makes table '{options.AccountTable}layout'", problem, StringComparison.Ordinal);

        options.AccountTable = "a" + new string('c', 61); // 62 characters itself; with the shard number 64
        problem = Assert.Single(LedgerOptionsValidation.Problems(options));
        Assert.Contains($"which makes table '{options.AccountTable}00'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hyphenated_journal_name_suits_blob_storage_only_and_names_matter_only_with_storage()
    {
        var blob = new LedgerOptions { StorageConnectionString = Storage, JournalStorage = JournalStorage.Blob, JournalTable = "cx-journal" };
        Assert.Empty(LedgerOptionsValidation.Problems(blob));
        blob.JournalTable = "cx--journal";
        Assert.Contains("blob container", Assert.Single(LedgerOptionsValidation.Problems(blob)), StringComparison.Ordinal);

        Assert.Empty(LedgerOptionsValidation.Problems(new LedgerOptions { JournalTable = "cx-journal", AccountTable = "cx_accounts" }));
    }

    [Fact]
    public void Two_settings_making_one_table_are_named_together_whatever_the_case()
    {
        var options = new LedgerOptions { StorageConnectionString = Storage, CheckpointTable = "CXJOURNAL" };
        Assert.Equal("Ledger:CheckpointTable and Ledger:JournalTable both make table 'CXJOURNAL'; each needs tables of its own", Assert.Single(LedgerOptionsValidation.Problems(options)));

        options.JournalStorage = JournalStorage.Blob; // then the journal is a container, not a table
        Assert.Empty(LedgerOptionsValidation.Problems(options));

        options.CheckpointTable = "cxaccounts07";
        Assert.StartsWith("Ledger:AccountTable and Ledger:CheckpointTable both make table 'cxaccounts07'", Assert.Single(LedgerOptionsValidation.Problems(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_audit_checks_only_where_the_data_is()
    {
        var options = new LedgerOptions { StorageConnectionString = Storage, IdempotencyRetention = TimeSpan.FromDays(1), AccountTable = "cx_accounts", AwardJournals = 0 };

        Assert.Equal(3, LedgerOptionsValidation.Problems(options).Count);
        Assert.Equal(["Ledger:AwardJournals", "Ledger:AccountTable"], LedgerOptionsValidation.StorageProblems(options).Select(p => p[..p.IndexOf(' ', StringComparison.Ordinal)]));
    }

    [Fact]
    public void Every_bad_setting_is_listed_at_once()
    {
        var options = new LedgerOptions { AwardJournals = 0, MaxWriteBatch = 500, CheckpointInterval = TimeSpan.Zero };
        Assert.Equal(3, LedgerOptionsValidation.Problems(options).Count);
    }

    [Fact]
    public void A_silo_configured_with_a_bad_setting_does_not_start_and_names_it()
    {
        var host = Host.CreateApplicationBuilder();
        host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ledger:MaxWriteBatch"] = "500",
            ["Ledger:AwardJournals"] = "0",
        });

        var refused = Assert.Throws<OptionsValidationException>(() => host.UseOrleans(silo => silo.AddCxmputeLedger(host.Configuration)));

        Assert.Equal(2, refused.Failures.Count());
        Assert.Contains("Ledger:MaxWriteBatch is 500", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Ledger:AwardJournals is 0", refused.Message, StringComparison.Ordinal);
    }
}
