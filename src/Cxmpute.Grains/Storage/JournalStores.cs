using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Cxmpute.Grains.Hosting;

namespace Cxmpute.Grains.Storage;

/// <summary>Opens the journal store a deployment's options name (<see cref="LedgerOptions.JournalStorage"/>).</summary>
public static class JournalStores
{
    /// <summary>
    /// The journal store on <paramref name="connection"/>. <paramref name="create"/> creates its table or container
    /// (the silo does; readers such as the audit do not, and read a missing one as empty).
    /// </summary>
    public static IJournalStore Open(string connection, LedgerOptions options, LedgerMetrics metrics, bool create = false)
    {
        switch (options.JournalStorage)
        {
            case JournalStorage.Blob:
                var container = new BlobServiceClient(connection, BlobClientOptions(options)).GetBlobContainerClient(options.JournalTable.ToLowerInvariant());
                if (create)
                {
                    container.CreateIfNotExists();
                }

                return new BlobJournalStore(container, metrics);
            default:
                var table = new TableServiceClient(connection, LedgerSiloBuilderExtensions.ClientOptions(options)).GetTableClient(options.JournalTable);
                if (create)
                {
                    table.CreateIfNotExists();
                }

                return new TableJournalStore(table, metrics);
        }
    }

    /// <summary>The same short timeouts and few retries as the table clients.</summary>
    public static BlobClientOptions BlobClientOptions(LedgerOptions options) =>
        LedgerSiloBuilderExtensions.WithLedgerRetries(new BlobClientOptions(), options);
}
