using System.Diagnostics;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Cxmpute.Grains.Storage.Ledger;

/// <summary>Ledger segments as block blobs, one Put Blob each (create-only), read back by byte range.</summary>
public sealed class BlobPageStore(BlobContainerClient container, LedgerMetrics metrics, TimeProvider time)
    : SegmentedPageStore(time, 4 * 1024 * 1024)
{
    protected override async Task WriteSegmentAsync(string name, byte[] data, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await container.GetBlobClient(name).UploadAsync(
                new BinaryData(data),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken);
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
            var response = await container.GetBlobClient(name).DownloadContentAsync(
                new BlobDownloadOptions { Range = new HttpRange(offset, length) }, cancellationToken);
            return response.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 416)
        {
            return null;
        }
        finally
        {
            metrics.Storage("ledger-read", Stopwatch.GetElapsedTime(started));
        }
    }
}
