using System.IO.Hashing;
using System.Text;
using Cxmpute.Grains.Storage;
using Cxmpute.Testing;

namespace Cxmpute.Grains.Tests;

/// <summary>
/// <see cref="TableAccountStore"/> keeps few transactions in flight (<see cref="LedgerOptions.MaxConcurrentAccountWrites"/>)
/// and batches what waits: a partition bucket takes its batch only once it holds a write slot, so the writes queued while
/// it waited share one transaction (fewer, fuller requests to the table service).
/// </summary>
public sealed class AccountStoreTests(DedicatedAzuriteFixture azurite) : IClassFixture<DedicatedAzuriteFixture>
{
    [Fact]
    public async Task Writes_queued_while_their_bucket_waits_for_a_write_slot_go_out_as_one_transaction()
    {
        var table = await azurite.CreateTableAsync("acc");
        var metrics = new LedgerMetrics();
        var store = new TableAccountStore([table], partitions: 2, maxBatch: 100, metrics, maxConcurrentWrites: 1);
        var ids = Enumerable.Range(0, 64).Select(i => $"usr_w{i:D3}").ToList();
        var first = ids.First(id => Bucket(id) == 0);
        var waiting = ids.Where(id => Bucket(id) == 1).Take(3).ToList();
        Assert.Equal(3, waiting.Count);

        Task<string> holding;
        List<Task<string>> queued;
        await azurite.PauseAsync();
        try
        {
            // The one slot is taken by a write the paused table service does not answer.
            holding = store.WriteAsync(first, [1, 2, 3], expectedETag: null);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (metrics.RowsWritten == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            Assert.Equal(1, metrics.RowsWritten);
            // The first of the bucket's writes, then the others once its bucket has long been waiting for the slot.
            queued = [store.WriteAsync(waiting[0], [0], expectedETag: null)];
            await Task.Delay(200);
            queued.AddRange(waiting.Skip(1).Select((id, i) => store.WriteAsync(id, [(byte)(i + 1)], expectedETag: null)));
            await Task.Delay(100);
            Assert.False(holding.IsCompleted);
            Assert.All(queued, q => Assert.False(q.IsCompleted));
        }
        finally
        {
            await azurite.ResumeAsync();
        }

        await holding.WaitAsync(TimeSpan.FromSeconds(30));
        var etags = await Task.WhenAll(queued).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, metrics.StorageByKind()["account-write"].Count);
        Assert.Equal(4, metrics.RowsWritten);
        for (var i = 0; i < waiting.Count; i++)
        {
            var stored = await store.ReadAsync(waiting[i]);
            Assert.NotNull(stored);
            Assert.Equal([(byte)i], stored.Data);
            Assert.Equal(etags[i], stored.ETag);
        }
    }

    private static uint Bucket(string accountId) => XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(accountId)) % 2;
}
