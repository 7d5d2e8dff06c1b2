using Cxmpute.Grains.Storage;
using Cxmpute.Grains.Storage.Ledger;

namespace Cxmpute.Grains.Tests;

/// <summary>
/// Sealed ledger pages go to ledger segments by group commit: what accounts append while a segment is being written goes
/// into the next one, one write for all of them, and every page names the account's page before it.
/// </summary>
public sealed class LedgerSegmentTests
{
    [Fact]
    public async Task Pages_appended_while_a_segment_is_written_share_the_next_segment_and_each_names_the_page_before_it()
    {
        var store = new GatedPageStore();
        var first = store.AppendAsync("usr_first", previous: null, [Page(0, 1)]);
        await store.FirstWriteStarted.WaitAsync(TimeSpan.FromSeconds(10));

        // While the first segment is being written, ten accounts seal pages (one of them two at once).
        var waiting = Enumerable.Range(0, 10)
            .Select(i => store.AppendAsync($"usr_a{i}", previous: null, i == 3 ? [Page(0, 10), Page(1, 11)] : [Page(0, (byte)(20 + i))]))
            .ToList();
        await Task.Delay(50);
        Assert.All(waiting, w => Assert.False(w.IsCompleted));
        store.Release();

        var firstLocations = await first.WaitAsync(TimeSpan.FromSeconds(10));
        var locations = await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, store.Writes);
        Assert.Single(locations.SelectMany(l => l).Select(l => l.Segment).Distinct());
        Assert.NotEqual(firstLocations[0].Segment, locations[0][0].Segment);

        var two = locations[3];
        var older = await store.ReadAsync(two[0]);
        var newer = await store.ReadAsync(two[1]);
        Assert.Equal(("usr_a3", 0, (PageLocation?)null), (older!.AccountId, older.Index, older.Previous));
        Assert.Equal(("usr_a3", 1, (PageLocation?)two[0]), (newer!.AccountId, newer.Index, newer.Previous));
        Assert.Equal([11, 11, 11], newer.Data);
        Assert.Equal([10, 10, 10], older.Data);

        // A later append continues the chain from the location the account keeps.
        var next = await store.AppendAsync("usr_a3", two[1], [Page(2, 12)]);
        var third = await store.ReadAsync(next[0]);
        Assert.Equal((2, (PageLocation?)two[1]), (third!.Index, third.Previous));
    }

    [Fact]
    public async Task A_failed_segment_write_fails_every_append_in_it_and_the_next_write_goes_on()
    {
        var faults = new StorageFaults { FailAccountWrites = true };
        var store = new MemoryPageStore(faults);
        await Assert.ThrowsAsync<IOException>(() => store.AppendAsync("usr_x", null, [Page(0, 1)]));
        faults.FailAccountWrites = false;
        var location = (await store.AppendAsync("usr_x", null, [Page(0, 2)]))[0];
        Assert.Equal([2, 2, 2], (await store.ReadAsync(location))!.Data);
        Assert.Equal(1, store.Segments);
    }

    [Theory]
    [InlineData("seg|0|10", true)]
    [InlineData("20261208-011500000-abc|123|4567", true)]
    [InlineData("seg|0|0", false)]
    [InlineData("seg|-1|10", false)]
    [InlineData("|0|10", false)]
    [InlineData("seg|0", false)]
    [InlineData("", false)]
    public void Locations_read_back_as_they_were_written(string text, bool valid)
    {
        var location = PageLocation.Parse(text);
        Assert.Equal(valid, location is not null);
        if (valid)
        {
            Assert.Equal(text, location!.Value.ToString());
        }
    }

    private static SealedPage Page(int index, byte fill) => new(index, [fill, fill, fill]);

    /// <summary>A memory page store whose first segment write waits until the test releases it.</summary>
    private sealed class GatedPageStore() : SegmentedPageStore(TimeProvider.System, 1024 * 1024)
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Dictionary<string, byte[]> _segments = [];
        private int _writes;

        public Task FirstWriteStarted => _started.Task;

        public int Writes => _writes;

        public void Release() => _release.TrySetResult();

        protected override async Task WriteSegmentAsync(string name, byte[] data, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _writes) == 1)
            {
                _started.TrySetResult();
                await _release.Task;
            }

            lock (_segments)
            {
                _segments.Add(name, data);
            }
        }

        protected override Task<byte[]?> ReadRangeAsync(string name, long offset, int length, CancellationToken cancellationToken)
        {
            lock (_segments)
            {
                return Task.FromResult(_segments.TryGetValue(name, out var data) ? data.AsSpan((int)offset, length).ToArray() : null);
            }
        }
    }
}
