using Cxmpute.Grains.Storage;
using Cxmpute.Testing;

namespace Cxmpute.Grains.Tests;

/// <summary>
/// Both journal stores (<see cref="LedgerOptions.JournalStorage"/>) on Azurite keep the same contract: a page is
/// created only if absent, replaced only with its current tag, listed with its numbers in page order, and read back
/// byte for byte.
/// </summary>
public sealed class JournalStoreTests(AzuriteWithBlobFixture azurite) : IClassFixture<AzuriteWithBlobFixture>
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 21, 0, 0, 125, TimeSpan.Zero);

    public static TheoryData<JournalStorage> Stores => new() { JournalStorage.Table, JournalStorage.Blob };

    private IJournalStore Open(JournalStorage storage, bool create = true) => JournalStores.Open(
        azurite.ConnectionString, new LedgerOptions { JournalStorage = storage, JournalTable = azurite.NewTableName("j") }, new LedgerMetrics(), create);

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_store_never_created_lists_no_pages_and_reads_none(JournalStorage storage)
    {
        var store = Open(storage, create: false);

        Assert.Empty(await store.ListPagesAsync("award-0"));
        Assert.Null(await store.ReadPageAsync("award-0", 0));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Pages_are_written_only_on_their_condition_and_read_back_exactly(JournalStorage storage)
    {
        var store = Open(storage);
        var first = new JournalPageInfo(0, 2, 1, 2, At);
        var tag = await store.WritePageAsync("award-1", first, [1, 2, 3], expectedETag: null);

        // Created only if absent.
        await Assert.ThrowsAsync<StorageConflictException>(() => store.WritePageAsync("award-1", first, [9], expectedETag: null));

        // Replaced only with the current tag; a stale tag changes nothing.
        var second = first with { Count = 3, LastSeq = 3, LastAt = At.AddSeconds(1) };
        var secondTag = await store.WritePageAsync("award-1", second, [1, 2, 3, 4], tag);
        Assert.NotEqual(tag, secondTag);
        await Assert.ThrowsAsync<StorageConflictException>(() => store.WritePageAsync("award-1", second with { Count = 4 }, [5], tag));

        var page = await store.ReadPageAsync("award-1", 0);
        Assert.NotNull(page);
        Assert.Equal(second, page.Info);
        Assert.Equal([1, 2, 3, 4], page.Data);
        Assert.Equal(secondTag, page.ETag);

        // A second page, and a journal whose id starts with this one's: each journal lists its own pages, in order.
        await store.WritePageAsync("award-1", new JournalPageInfo(1, 1, 4, 4, At.AddSeconds(2)), [7], expectedETag: null);
        await store.WritePageAsync("award-10", new JournalPageInfo(0, 1, 1, 1, At), [8], expectedETag: null);
        var pages = await store.ListPagesAsync("award-1");
        Assert.Equal([second, new JournalPageInfo(1, 1, 4, 4, At.AddSeconds(2))], pages);
        Assert.Equal([new JournalPageInfo(0, 1, 1, 1, At)], await store.ListPagesAsync("award-10"));
        Assert.Null(await store.ReadPageAsync("award-1", 2));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_full_page_round_trips(JournalStorage storage)
    {
        var store = Open(storage);
        var data = new byte[790 * 1024];
        new Random(11).NextBytes(data);

        var tag = await store.WritePageAsync("award-2", new JournalPageInfo(5, 4000, 10_001, 14_000, At), data, expectedETag: null);

        var page = await store.ReadPageAsync("award-2", 5);
        Assert.Equal(data, page!.Data);
        Assert.Equal(tag, page.ETag);
    }
}
