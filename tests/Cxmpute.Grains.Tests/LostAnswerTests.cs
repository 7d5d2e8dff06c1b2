using Cxmpute.Abstractions;
using Cxmpute.Grains.Tests.Infrastructure;

namespace Cxmpute.Grains.Tests;

/// <summary>
/// A journal page write can land while its caller hears a failure (the answer was lost, or the storage client's retry
/// found the page already changed). The journal reads the page back before answering, so such an award is
/// acknowledged, not answered "unavailable" (api.md: a 503 means nothing was applied), and it is credited once.
/// </summary>
public sealed class LostAnswerTests(LedgerCluster cluster) : IClassFixture<LedgerCluster>
{
    [Fact]
    public async Task An_award_whose_journal_write_landed_but_answered_an_error_is_acknowledged_and_credited_once()
    {
        var ledger = new LedgerDriver(cluster.Grains);
        var user = Ids.User();
        var award = LedgerDriver.Chat(user, null);

        cluster.Faults.LoseJournalWriteAnswers = true;
        AwardOutcome outcome;
        try
        {
            outcome = await ledger.AwardAsync(award);
        }
        finally
        {
            cluster.Faults.LoseJournalWriteAnswers = false;
        }

        Assert.Null(outcome.Error);
        var result = outcome.Result!;
        Assert.False(result.Duplicate);

        var replay = await ledger.AwardOkAsync(award);
        Assert.True(replay.Duplicate);
        Assert.Equal(result.User!.Amount, replay.User!.Amount);
        var stats = await ledger.StatsOkAsync(user);
        Assert.Equal(result.User.Amount, stats.Lifetime.Earned);
        Assert.Single(await ledger.LedgerAsync(user));
    }
}
