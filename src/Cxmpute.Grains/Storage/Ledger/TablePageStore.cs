using System.Diagnostics;
using Azure;
using Azure.Data.Tables;

namespace Cxmpute.Grains.Storage.Ledger;

/// <summary>
/// Ledger segments as table rows, for deployments that keep everything in table storage: one row per segment
/// (PartitionKey = its day, RowKey = its name), its bytes over binary columns; a page is read by reading its row.
/// </summary>
public sealed class TablePageStore(TableClient table, LedgerMetrics metrics, TimeProvider time)
    : SegmentedPageStore(time, 800 * 1024)
{
    protected override async Task WriteSegmentAsync(string name, byte[] data, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(PartitionKey(name), name);
        BinaryColumns.Write(entity, data);
        var started = Stopwatch.GetTimestamp();
        try
        {
            metrics.RowsWrittenAdd("ledger", 1);
            await table.AddEntityAsync(entity, cancellationToken);
        }
        finally
        {
            metrics.Storage("ledger-write", Stopwatch.GetElapsedTime(started));
        }
    }

    protected override async Task<byte[]?> ReadRangeAsync(string name, long offset, int length, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey(name), name, cancellationToken: cancellationToken);
            if (!response.HasValue || response.Value is not { } entity)
            {
                return null;
            }

            var data = BinaryColumns.Read(entity);
            return offset + length <= data.Length ? data.AsSpan((int)offset, length).ToArray() : null;
        }
        finally
        {
            metrics.Storage("ledger-read", Stopwatch.GetElapsedTime(started));
        }
    }

    private static string PartitionKey(string name) => name.Length >= 8 ? name[..8] : name;
}
