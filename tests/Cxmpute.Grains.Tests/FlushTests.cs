using System.Diagnostics;
using Cxmpute.Grains.Accounts;
using Cxmpute.Grains.Journal;
using Cxmpute.Grains.Tests.Infrastructure;

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

    private async Task<AccountState?> StoredAsync(string accountId) =>
        await cluster.World.Accounts.ReadAsync(accountId) is { } blob ? LedgerJson.Unpack(blob.Data, LedgerJson.Default.AccountState) : null;
}
