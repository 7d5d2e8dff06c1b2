using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Cxmpute.Grains.Storage;

/// <summary>
/// Journal pages as block blobs: container = <see cref="LedgerOptions.JournalTable"/>, blob = <c>{journal}/p{page}</c>,
/// the page's numbers in the blob's metadata. Every write replaces the whole page in one Put Blob, conditional on the
/// page's ETag (or on its absence), exactly as the table layout does; blob storage keeps the journals' growing bulk
/// out of the table service, where the account snapshots are.
/// </summary>
public sealed class BlobJournalStore(BlobContainerClient container, LedgerMetrics metrics) : IJournalStore
{
    private const string CountKey = "n";
    private const string FirstSeqKey = "firstseq";
    private const string LastSeqKey = "lastseq";
    private const string LastAtKey = "lastat";

    public async Task<IReadOnlyList<JournalPageInfo>> ListPagesAsync(string journalId, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var pages = new List<JournalPageInfo>();
        try
        {
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, journalId + "/", cancellationToken))
            {
                pages.Add(ToInfo(blob.Name, blob.Metadata));
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No journal container yet (a reader of a deployment that never stored anything): no pages.
        }

        metrics.Storage("journal-list", Stopwatch.GetElapsedTime(started));
        return [.. pages.OrderBy(p => p.PageNo)];
    }

    public async Task<StoredJournalPage?> ReadPageAsync(string journalId, long pageNo, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var name = BlobName(journalId, pageNo);
            var response = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            var content = response.Value;
            return new StoredJournalPage(ToInfo(name, content.Details.Metadata), content.Content.ToArray(), content.Details.ETag.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        finally
        {
            metrics.Storage("journal-read", Stopwatch.GetElapsedTime(started));
        }
    }

    public async Task<string> WritePageAsync(string journalId, JournalPageInfo info, byte[] data, string? expectedETag, CancellationToken cancellationToken = default)
    {
        var options = new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string>
            {
                [CountKey] = info.Count.ToString(CultureInfo.InvariantCulture),
                [FirstSeqKey] = info.FirstSeq.ToString(CultureInfo.InvariantCulture),
                [LastSeqKey] = info.LastSeq.ToString(CultureInfo.InvariantCulture),
                [LastAtKey] = info.LastAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
            },
            Conditions = expectedETag is null
                ? new BlobRequestConditions { IfNoneMatch = ETag.All }
                : new BlobRequestConditions { IfMatch = new ETag(expectedETag) },
        };
        var started = Stopwatch.GetTimestamp();
        try
        {
            // One Put Blob (a page is far below the single-upload limit), so the page is replaced whole or not at all.
            var blob = container.GetBlockBlobClient(BlobName(journalId, info.PageNo));
            var response = await blob.UploadAsync(new MemoryStream(data, writable: false), options, cancellationToken);
            metrics.Storage("journal-write", Stopwatch.GetElapsedTime(started));
            metrics.RowsWrittenAdd("journal", 1);
            return response.Value.ETag.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new StorageConflictException($"journal {journalId} page {info.PageNo}: {ex.Status} {ex.ErrorCode}");
        }
    }

    private static string BlobName(string journalId, long pageNo) =>
        journalId + "/p" + pageNo.ToString("D12", CultureInfo.InvariantCulture);

    private static JournalPageInfo ToInfo(string name, IDictionary<string, string> metadata)
    {
        long Number(string key) => metadata.TryGetValue(key, out var value) ? long.Parse(value, CultureInfo.InvariantCulture) : 0;
        var pageNo = long.Parse(name.AsSpan(name.LastIndexOf('/') + 2), CultureInfo.InvariantCulture);
        return new JournalPageInfo(
            pageNo,
            (int)Number(CountKey),
            Number(FirstSeqKey),
            Number(LastSeqKey),
            new DateTimeOffset(Number(LastAtKey), TimeSpan.Zero));
    }
}
