using Cxmpute.Grains.Tests.Infrastructure;

namespace Cxmpute.Grains.Tests;

/// <summary>
/// A journal slows its commits down while the accounts' writes are behind (its watermark trails the newest commit by
/// more than twice <see cref="LedgerOptions.AccountFlushDelay"/>), and stops slowing down once they have caught up.
/// Ledger time is fake here: the lag is exact, the pauses are real.
/// </summary>
public sealed class BackPressureTests(LedgerCluster cluster) : IClassFixture<LedgerCluster>
{
    [Fact]
    public async Task Commits_are_held_back_while_accounts_cannot_persist_and_run_freely_once_they_have()
    {
        var ledger = new LedgerDriver(cluster.Grains);
        var metrics = cluster.Cluster.LedgerMetrics();

        // Every journal gets a commit; then accounts cannot persist, and ledger time passes well beyond the budget
        // (2 x 1 s of flush delay + 0.5 s of checkpoint interval in tests).
        for (var i = 0; i < 40; i++)
        {
            await ledger.AwardOkAsync(LedgerDriver.Chat(Ids.User(), null));
        }

        cluster.Faults.FailAccountWrites = true;
        try
        {
            cluster.Time.Advance(TimeSpan.FromSeconds(10));
            var before = metrics.ThrottledTime;
            for (var i = 0; i < 8; i++)
            {
                await ledger.AwardOkAsync(LedgerDriver.Chat(Ids.User(), null));
            }

            // Each of these commits waited (a tenth of 7.5 s of excess, capped at 250 ms).
            Assert.True(metrics.ThrottledTime - before >= TimeSpan.FromMilliseconds(8 * 250), $"held back {metrics.ThrottledTime - before}");
        }
        finally
        {
            cluster.Faults.FailAccountWrites = false;
        }

        // The next checkpoints persist the accounts and move every watermark up: commits are no longer held back.
        var settled = false;
        for (var attempt = 0; attempt < 60 && !settled; attempt++)
        {
            await Task.Delay(500);
            var before = metrics.ThrottledTime;
            for (var i = 0; i < 8; i++)
            {
                await ledger.AwardOkAsync(LedgerDriver.Chat(Ids.User(), null));
            }

            settled = metrics.ThrottledTime == before;
        }

        Assert.True(settled, "commits were still held back 30 s after accounts could persist again");
    }
}
