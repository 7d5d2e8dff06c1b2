using System.Diagnostics;
using Cxmpute.Grains.Accounts;
using Cxmpute.Grains.Journal;
using Cxmpute.Grains.Tests.Infrastructure;
using Orleans.Core.Internal;

namespace Cxmpute.Grains.Tests;

/// <summary>
/// Journals ask an account to persist once its oldest credit not yet persisted has waited
/// <see cref="LedgerOptions.AccountFlushDelay"/> (1 s in tests) of ledger time; before that the credit is only in the
/// durable journal page and in memory. The ledger's clock is fake here, so "before" and "after" are exact.
/// </summary>
public sealed class FlushTests(LedgerCluster cluster) : IClassFixture<LedgerCluster>
{
    [Fact]
    public async Task A_credited_account_is_persisted_once_its_oldest_credit_has_waited_the_flush_delay_and_not_before()
    {
        var ledger = new LedgerDriver(cluster.Grains);
        var user = Ids.User();
        var first = await ledger.AwardOkAsync(LedgerDriver.Chat(user, null));
        var second = await ledger.AwardOkAsync(LedgerDriver.Chat(user, null, tokens: 5000));

        // Real time passes (checkpoints run every 500 ms), ledger time does not: the credits are not due yet.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Null(await StoredAsync(user));
        Assert.Equal(first.User!.Amount + second.User!.Amount, (await ledger.StatsOkAsync(user)).Lifetime.Earned);

        cluster.Time.Advance(TimeSpan.FromSeconds(2));
        var clock = Stopwatch.StartNew();
        AccountState? stored;
        while ((stored = await StoredAsync(user)) is null && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        // One write holding both credits.
        Assert.NotNull(stored);
        Assert.Equal(first.User.Amount + second.User.Amount, stored.OwnTotal);
        Assert.Equal(2, stored.Open.Count);
    }

    /// <summary>
    /// A journal asks only for its due commits, and a write made for another journal covers them: an account credited
    /// through every journal is written about once per delay, not once per journal.
    /// </summary>
    [Fact]
    public async Task An_account_credited_through_every_journal_is_written_about_once_per_flush_delay()
    {
        var ledger = new LedgerDriver(cluster.Grains);
        var options = TestLedgerOptions.Create();
        var user = Ids.User("busy");
        const int rounds = 40;
        var step = options.AccountFlushDelay / 4;
        var expected = 0m;

        // The journals' checkpoints tick a quarter of an interval apart, as they drift apart on a busy silo (each ticks
        // from its own activation): activate them again one after another.
        for (var journal = 0; journal < options.AwardJournals; journal++)
        {
            var grain = cluster.Grains.GetGrain<IAwardJournalGrain>(journal);
            await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
            await Task.Delay(100);
            await grain.PingAsync();
            await Task.Delay(options.CheckpointInterval / 4);
        }

        // Every quarter of the delay (ledger time), one award through each journal: the account always holds credits
        // of every journal, some of them due and some not yet.
        for (var round = 0; round < rounds; round++)
        {
            for (var journal = 0; journal < options.AwardJournals; journal++)
            {
                expected += (await ledger.AwardOkAsync(LedgerDriver.Chat(user, null, awardId: AwardIdOf(journal, options.AwardJournals)))).User!.Amount;
            }

            cluster.Time.Advance(step);
            await Task.Delay(options.CheckpointInterval / 4);
        }

        // Then ledger time moves on: the last credits become due and are written.
        cluster.Time.Advance(options.AccountFlushDelay * 2);
        var clock = Stopwatch.StartNew();
        while ((await StoredAsync(user))?.OwnTotal != expected && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        Assert.Equal(expected, (await StoredAsync(user))?.OwnTotal);
        var delays = rounds / 4; // ledger time the credits came in over, in flush delays
        var writes = cluster.Faults.AccountWrites(user);

        // About one write per delay (10 here); when each journal asked for its newest commit, 19 to 22.
        Assert.True(writes <= delays + 5, $"{writes} snapshot writes over {delays} flush delays through {options.AwardJournals} journals");
    }

    private static string AwardIdOf(int journal, int journals)
    {
        while (true)
        {
            var id = Ids.Award();
            if (JournalRouting.PartitionOf(id, journals) == journal)
            {
                return id;
            }
        }
    }

    private async Task<AccountState?> StoredAsync(string accountId) =>
        await cluster.World.Accounts.ReadAsync(accountId) is { } blob ? LedgerJson.Unpack(blob.Data, LedgerJson.Default.AccountState) : null;
}
