using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Cxmpute.Grains.Hosting;

namespace Cxmpute.Grains.Storage.Ledger;

/// <summary>Opens the ledger segments of a deployment: in blob storage beside the journal pages, or in table storage when the journal pages are there.</summary>
public static class LedgerPageStores
{
    /// <summary><paramref name="create"/> creates the container or table (the silo does; readers do not).</summary>
    public static ILedgerPageStore Open(string connection, LedgerOptions options, LedgerMetrics metrics, bool create = false)
    {
        if (options.JournalStorage == JournalStorage.Blob)
        {
            var container = new BlobServiceClient(connection, JournalStores.BlobClientOptions(options)).GetBlobContainerClient(options.LedgerSegments.ToLowerInvariant());
            if (create)
            {
                container.CreateIfNotExists();
            }

            return new BlobPageStore(container, metrics, TimeProvider.System);
        }

        var table = new TableServiceClient(connection, LedgerSiloBuilderExtensions.ClientOptions(options)).GetTableClient(options.LedgerSegments);
        if (create)
        {
            table.CreateIfNotExists();
        }

        return new TablePageStore(table, metrics, TimeProvider.System);
    }
}
