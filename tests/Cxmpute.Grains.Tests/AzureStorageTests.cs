using Cxmpute.Abstractions;
using Cxmpute.Grains.Tests.Infrastructure;

namespace Cxmpute.Grains.Tests;

/// <summary>
/// The ledger on Azure storage (Azurite): the same rules, and state that survives reactivation, with the journals in
/// table storage and in blob storage.
/// </summary>
public abstract class AzureStorageTests(AzureLedgerCluster cluster)
{
    private LedgerDriver _ledger = new(cluster.Grains);

    [Fact]
    public async Task Awards_and_referrals_are_durable_in_storage_and_survive_a_restart_of_the_cluster()
    {
        var expectation = new Expectation();
        var (parent, user, provider) = (Ids.User("ap"), Ids.User("au"), Ids.Provider("ap"));
        await _ledger.UserChainAsync(parent, user);
        expectation.Add(parent, 25m);
        await _ledger.RegisterAsync(provider, 16);
        for (var i = 0; i < 200; i++)
        {
            expectation.Add(await _ledger.AwardOkAsync(LedgerDriver.Chat(user, provider, i, "Mixtral-8x7B", latencyMs: 500 + (i * 60))));
        }

        await expectation.VerifyAsync(_ledger, [parent, user, provider]);

        // Every silo dies (its memory with it) and a new cluster starts on the same storage.
        await cluster.CrashAndRestartAsync();
        _ledger = new LedgerDriver(cluster.Grains);

        await expectation.VerifyAsync(_ledger, [parent, user, provider]);
        var stats = await _ledger.StatsOkAsync(provider);
        Assert.Equal(200, stats.Provider!.Performance.Requests);
        Assert.Equal(new TierView("open-ocean", 16m, 0.035m, 0.00007m), stats.Provider.Tier);
        Assert.Equal(parent, (await _ledger.StatsOkAsync(user)).ReferredBy);
        var replay = await _ledger.AwardOkAsync(LedgerDriver.Chat(user, provider, 0, "Mixtral-8x7B", latencyMs: 500, awardId: (await _ledger.LedgerAsync(user))[^1].AwardId));
        Assert.True(replay.Duplicate);
    }
}

/// <summary>Journal pages in table storage, next to the accounts.</summary>
public sealed class TableJournalStorageTests(AzureLedgerCluster cluster) : AzureStorageTests(cluster), IClassFixture<AzureLedgerCluster>;

/// <summary>Journal pages in blob storage, the accounts in table storage.</summary>
public sealed class BlobJournalStorageTests(BlobJournalAzureLedgerCluster cluster) : AzureStorageTests(cluster), IClassFixture<BlobJournalAzureLedgerCluster>;
