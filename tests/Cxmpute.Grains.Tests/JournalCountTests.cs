using Cxmpute.Grains.Hosting;
using Cxmpute.Grains.Storage;
using Cxmpute.Grains.Tests.Infrastructure;

namespace Cxmpute.Grains.Tests;

/// <summary>
/// <see cref="LedgerOptions.AwardJournals"/> is fixed for a deployment: storage written with more journals than the
/// configuration names is refused, by the silo before any grain runs (<see cref="StorageLayoutCheck"/>, tested in
/// <see cref="LedgerLayoutTests"/>), instead of deduplicating retries in the wrong
/// journal and never replaying the journals left out.
/// </summary>
public sealed class JournalCountTests
{
    private static readonly JournalPageInfo Page = new(0, 1, 1, 1, LedgerCluster.Start);

    [Fact]
    public async Task Pages_past_the_configured_journals_are_refused_and_pages_within_them_are_not()
    {
        var store = new MemoryJournalStore(new StorageFaults());
        await JournalCountCheck.EnsureNoneBeyondAsync(store, 4);

        await store.WritePageAsync(LedgerOptions.AwardJournalId(3), Page, [1], expectedETag: null);
        await JournalCountCheck.EnsureNoneBeyondAsync(store, 4);

        await store.WritePageAsync(LedgerOptions.AwardJournalId(7), Page, [1], expectedETag: null);
        await JournalCountCheck.EnsureNoneBeyondAsync(store, 8);
        await store.WritePageAsync(LedgerOptions.AwardJournalId(4), Page, [1], expectedETag: null);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => JournalCountCheck.EnsureNoneBeyondAsync(store, 4));
        Assert.Contains($"award journal {LedgerOptions.AwardJournalId(4)}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Ledger:AwardJournals", refused.Message, StringComparison.Ordinal);
        await JournalCountCheck.EnsureNoneBeyondAsync(store, 8);
    }
}
