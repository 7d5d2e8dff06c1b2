using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Cxmpute.Grains.Storage;

/// <summary>Journal pages in Azure Table storage: partition = journal id, row = page number, so keys never collide.</summary>
public sealed class TableJournalStore(TableClient table, LedgerMetrics metrics) : IJournalStore
{
    private static readonly string[] InfoColumns = ["RowKey", "N", "FirstSeq", "LastSeq", "LastAt"];

    public async Task<IReadOnlyList<JournalPageInfo>> ListPagesAsync(string journalId, CancellationToken cancellationToken = default)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var pages = new List<JournalPageInfo>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {journalId}");
        try
        {
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: InfoColumns, cancellationToken: cancellationToken))
            {
                pages.Add(ToInfo(entity));
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No journal table yet (a reader of a deployment that never stored anything): no pages.
        }

        metrics.Storage("journal-list", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return [.. pages.OrderBy(p => p.PageNo)];
    }

    public async Task<StoredJournalPage?> ReadPageAsync(string journalId, long pageNo, CancellationToken cancellationToken = default)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        NullableResponse<TableEntity> response;
        try
        {
            response = await table.GetEntityIfExistsAsync<TableEntity>(journalId, RowKey(pageNo), cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null; // no journal table yet
        }
        finally
        {
            metrics.Storage("journal-read", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }

        if (!response.HasValue || response.Value is null)
        {
            return null;
        }

        var entity = response.Value;
        return new StoredJournalPage(ToInfo(entity), BinaryColumns.Read(entity), entity.ETag.ToString());
    }

    public async Task<string> WritePageAsync(string journalId, JournalPageInfo info, byte[] data, string? expectedETag, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(journalId, RowKey(info.PageNo))
        {
            ["N"] = info.Count,
            ["FirstSeq"] = info.FirstSeq,
            ["LastSeq"] = info.LastSeq,
            ["LastAt"] = info.LastAt,
        };
        BinaryColumns.Write(entity, data);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var response = expectedETag is null
                ? await table.AddEntityAsync(entity, cancellationToken)
                : await table.UpdateEntityAsync(entity, new ETag(expectedETag), TableUpdateMode.Replace, cancellationToken);
            metrics.Storage("journal-write", System.Diagnostics.Stopwatch.GetElapsedTime(started));
            metrics.RowsWrittenAdd("journal", 1);
            return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("table storage returned no ETag");
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new StorageConflictException($"journal {journalId} page {info.PageNo}: {ex.Status} {ex.ErrorCode}");
        }
    }

    private static string RowKey(long pageNo) => "p" + pageNo.ToString("D12", CultureInfo.InvariantCulture);

    private static JournalPageInfo ToInfo(TableEntity entity) => new(
        long.Parse(entity.RowKey.AsSpan(1), CultureInfo.InvariantCulture),
        entity.GetInt32("N") ?? 0,
        entity.GetInt64("FirstSeq") ?? 0,
        entity.GetInt64("LastSeq") ?? 0,
        entity.GetDateTimeOffset("LastAt") ?? DateTimeOffset.MinValue);
}
