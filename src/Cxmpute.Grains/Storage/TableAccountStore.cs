using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace Cxmpute.Grains.Storage;

/// <summary>
/// Account snapshots in Azure Table storage. Accounts are spread over a fixed number of partition buckets; the writes
/// waiting for one bucket are committed together in entity-group transactions (up to 100 rows each), so many accounts
/// cost one storage operation. The row key is the account id; rows <c>id~page</c> are ledger pages sealed in snapshot
/// format 1, read but no longer written. The buckets are spread over several tables (bucket <c>b</c> in table
/// <c>b mod tables</c>), which keeps each table small.
/// </summary>
public sealed class TableAccountStore : IAccountStore
{
    private readonly LedgerMetrics _metrics;
    private readonly int _partitions;
    private readonly int _maxBatch;
    private readonly Bucket[] _buckets;
    private readonly SemaphoreSlim _inFlight;

    /// <param name="tables">The account tables; partition bucket <c>b</c> is stored in <c>tables[b % tables.Count]</c>.</param>
    public TableAccountStore(IReadOnlyList<TableClient> tables, int partitions, int maxBatch, LedgerMetrics metrics, int maxConcurrentWrites = 4)
    {
        if (tables.Count == 0)
        {
            throw new ArgumentException("at least one account table is needed", nameof(tables));
        }

        // The silo's settings are checked with their names first (LedgerOptionsValidation); a value out of range here
        // is refused, not quietly changed.
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentWrites, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBatch, LedgerOptionsValidation.MaxTransactionSize);
        _inFlight = new SemaphoreSlim(maxConcurrentWrites);
        _metrics = metrics;
        _partitions = partitions;
        _maxBatch = maxBatch;
        _buckets = Enumerable.Range(0, partitions).Select(i => new Bucket(PartitionKey(i), tables[i % tables.Count])).ToArray();
    }

    public async Task<StoredBlob?> ReadAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var bucket = BucketOf(accountId);
        var response = await bucket.Table.GetEntityIfExistsAsync<TableEntity>(bucket.PartitionKey, accountId, cancellationToken: cancellationToken);
        _metrics.Storage("account-read", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return response.HasValue && response.Value is { } entity ? new StoredBlob(BinaryColumns.Read(entity), entity.ETag.ToString()) : null;
    }

    public async Task<byte[]?> ReadLegacyPageAsync(string accountId, int index, CancellationToken cancellationToken = default)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var bucket = BucketOf(accountId);
        var response = await bucket.Table.GetEntityIfExistsAsync<TableEntity>(bucket.PartitionKey, PageRowKey(accountId, index), cancellationToken: cancellationToken);
        _metrics.Storage("ledger-read", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return response.HasValue && response.Value is { } entity ? BinaryColumns.Read(entity) : null;
    }

    public Task<string> WriteAsync(string accountId, byte[] snapshot, string? expectedETag, CancellationToken cancellationToken = default)
    {
        var bucket = BucketOf(accountId);
        var actions = new List<TableTransactionAction>(1);
        var entity = new TableEntity(bucket.PartitionKey, accountId);
        BinaryColumns.Write(entity, snapshot);
        actions.Add(expectedETag is null
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(expectedETag)));

        var request = new WriteRequest(accountId, bucket.Table, actions);
        lock (bucket)
        {
            bucket.Queue.Enqueue(request);
            if (!bucket.Draining)
            {
                bucket.Draining = true;
                _ = Task.Run(() => DrainAsync(bucket), CancellationToken.None);
            }
        }

        return request.Completion.Task;
    }

    /// <summary>
    /// Writes a bucket's queue, one transaction at a time. Few transactions are in flight at once (storage serves requests
    /// in order, so a deep queue of big writes would make every read, an activation or a journal page, wait behind it), and
    /// a bucket takes its batch only once it holds one of those slots: the writes queued while it waited go into that
    /// transaction instead of the next one.
    /// </summary>
    private async Task DrainAsync(Bucket bucket)
    {
        while (true)
        {
            await _inFlight.WaitAsync();
            try
            {
                List<WriteRequest> batch;
                lock (bucket)
                {
                    if (bucket.Queue.Count == 0)
                    {
                        bucket.Draining = false;
                        return;
                    }

                    batch = TakeBatch(bucket.Queue);
                }

                await CommitAsync(batch);
            }
            finally
            {
                _inFlight.Release();
            }
        }
    }

    /// <summary>Takes requests while they fit one transaction; one account appears at most once.</summary>
    private List<WriteRequest> TakeBatch(Queue<WriteRequest> queue)
    {
        var batch = new List<WriteRequest>();
        var rows = 0;
        var accounts = new HashSet<string>(StringComparer.Ordinal);
        while (queue.TryPeek(out var next))
        {
            var fits = rows + next.Actions.Count <= _maxBatch && !accounts.Contains(next.AccountId);
            if (!fits && batch.Count > 0)
            {
                break;
            }

            queue.Dequeue();
            batch.Add(next);
            accounts.Add(next.AccountId);
            rows += next.Actions.Count;
        }

        return batch;
    }

    private async Task CommitAsync(List<WriteRequest> batch)
    {
        while (batch.Count > 0)
        {
            try
            {
                var actions = batch.SelectMany(r => r.Actions).ToList();
                var response = await SubmitAsync(batch[0].Table, actions);
                var offset = 0;
                foreach (var request in batch)
                {
                    offset += request.Actions.Count;
                    var etag = response.Value[offset - 1].Headers.ETag?.ToString();
                    request.Completion.TrySetResult(etag ?? throw new InvalidOperationException("table storage returned no ETag"));
                }

                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && ex.FailedTransactionActionIndex is int failed)
            {
                var culprit = Owner(batch, failed);
                culprit.Completion.TrySetException(new StorageConflictException($"account {culprit.AccountId}: {ex.Status} {ex.ErrorCode}"));
                batch.Remove(culprit);
            }
            catch (Exception ex)
            {
                foreach (var request in batch)
                {
                    request.Completion.TrySetException(ex);
                }

                return;
            }
        }
    }

    private async Task<Azure.Response<IReadOnlyList<Azure.Response>>> SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions)
    {
        var list = actions as IReadOnlyCollection<TableTransactionAction> ?? actions.ToList();
        _metrics.RowsWrittenAdd("account", list.Count);

        // Called while the bucket holds a write slot (DrainAsync).
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return await table.SubmitTransactionAsync(list);
        }
        finally
        {
            _metrics.Storage("account-write", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    private static WriteRequest Owner(List<WriteRequest> batch, int actionIndex)
    {
        foreach (var request in batch)
        {
            if (actionIndex < request.Actions.Count)
            {
                return request;
            }

            actionIndex -= request.Actions.Count;
        }

        return batch[^1];
    }

    private Bucket BucketOf(string accountId)
    {
        var hash = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(accountId));
        return _buckets[hash % (uint)_partitions];
    }

    private static string PartitionKey(int bucket) => "b" + bucket.ToString("D4", CultureInfo.InvariantCulture);

    private static string PageRowKey(string accountId, int index) => accountId + "~" + index.ToString("D8", CultureInfo.InvariantCulture);

    private sealed class Bucket(string partitionKey, TableClient table)
    {
        public string PartitionKey { get; } = partitionKey;

        public TableClient Table { get; } = table;

        public Queue<WriteRequest> Queue { get; } = new();

        public bool Draining { get; set; }
    }

    private sealed class WriteRequest(string accountId, TableClient table, List<TableTransactionAction> actions)
    {
        public string AccountId { get; } = accountId;

        public TableClient Table { get; } = table;

        public List<TableTransactionAction> Actions { get; } = actions;

        public TaskCompletionSource<string> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
