using Azure.Data.Tables;
using Cxmpute.Grains.Storage;
using Microsoft.Extensions.Options;

namespace Cxmpute.Grains.Hosting;

/// <summary>
/// At silo start, before any grain runs: refuses storage written with more award journals than configured
/// (<see cref="JournalCountCheck"/>, which also covers data from before the layout was recorded), then, on persistent
/// storage, checks the configuration against the <see cref="LedgerLayout"/> recorded there, recording it on first start.
/// In that order, so that a layout is never recorded over evidence that contradicts it.
/// </summary>
internal sealed class StorageLayoutCheck(IJournalStore store, IOptions<LedgerOptions> options) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StorageLayoutCheck), ServiceLifecycleStage.ApplicationServices, RunAsync);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var ledger = options.Value;
        await JournalCountCheck.EnsureNoneBeyondAsync(store, ledger.AwardJournals, cancellationToken);
        if (!string.IsNullOrWhiteSpace(ledger.StorageConnectionString))
        {
            var table = new TableServiceClient(ledger.StorageConnectionString, LedgerSiloBuilderExtensions.ClientOptions(ledger)).GetTableClient(LedgerLayout.TableName(ledger));
            await table.CreateIfNotExistsAsync(cancellationToken);
            await LedgerLayout.EnsureAsync(table, LedgerLayout.Of(ledger), record: true, cancellationToken);
        }
    }
}
