using Cxmpute.Grains.Journal;
using Cxmpute.Grains.Storage;
using Cxmpute.Grains.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cxmpute.Grains.Tests;

/// <summary>
/// A journal page's last-write time decides how long its award ids are remembered (<see cref="LedgerOptions.IdempotencyRetention"/>
/// counts from it). A journal moving to a silo whose clock is behind must not move that time back: the page would be
/// forgotten early by the clock difference, and a retry inside the retention credited again.
/// </summary>
public sealed class JournalPageStampTests
{
    private static readonly string Journal = LedgerOptions.AwardJournalId(0);

    [Fact]
    public async Task A_commit_by_a_clock_behind_the_pages_last_writer_keeps_the_pages_time_and_a_later_clock_moves_it_on()
    {
        var store = new MemoryJournalStore(new StorageFaults());
        var clock = new SettableTime(LedgerCluster.Start);
        await CommitOneAsync(store, clock);

        // The journal's next activation runs on a silo whose clock is an hour behind; it commits to the same page.
        clock.Now = LedgerCluster.Start.AddHours(-1);
        await CommitOneAsync(store, clock);
        var page = Assert.Single(await store.ListPagesAsync(Journal));
        Assert.Equal((2, LedgerCluster.Start), (page.Count, page.LastAt));

        clock.Now = LedgerCluster.Start.AddMinutes(1);
        await CommitOneAsync(store, clock);
        page = Assert.Single(await store.ListPagesAsync(Journal));
        Assert.Equal((3, LedgerCluster.Start.AddMinutes(1)), (page.Count, page.LastAt));
    }

    /// <summary>A journal activation: loads the journal from <paramref name="store"/> and commits one entry.</summary>
    private static async Task CommitOneAsync(MemoryJournalStore store, SettableTime clock)
    {
        var journal = new JournalCore(Journal, store, null!, new Checkpoint(), TestLedgerOptions.Create(), new LedgerClock(clock), new LedgerMetrics(), NullLogger.Instance);
        await journal.LoadAsync((_, _, _) => { }, CancellationToken.None);
        await journal.CommitAsync([new JournalEntry { Seq = journal.NextSeq, At = clock.GetUtcNow() }]);
    }

    private sealed class SettableTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class Checkpoint : IPersistentState<JournalCheckpoint>
    {
        public JournalCheckpoint State { get; set; } = new();

        public string? Etag => null;

        public bool RecordExists => false;

        public Task ClearStateAsync() => Task.CompletedTask;

        public Task WriteStateAsync() => Task.CompletedTask;

        public Task ReadStateAsync() => Task.CompletedTask;
    }
}
