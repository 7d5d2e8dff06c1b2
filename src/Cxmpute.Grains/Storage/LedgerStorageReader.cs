using Azure.Data.Tables;
using Cxmpute.Grains.Journal;

namespace Cxmpute.Grains.Storage;

/// <summary>
/// Reads the ledger's storage directly, for audits and tools: every account id that has a snapshot (account tables),
/// and every journal entry ever committed (journal pages are kept, in <paramref name="journals"/>). Reads only; safe
/// against a running deployment.
/// </summary>
public sealed class LedgerStorageReader(TableServiceClient tables, IJournalStore journals, LedgerOptions options)
{
    /// <summary>Ids of every account with a persisted snapshot (providers that registered, users that were created or credited and persisted).</summary>
    public async IAsyncEnumerable<string> AccountIdsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var name in options.AccountTables())
        {
            var table = tables.GetTableClient(name);
            await foreach (var entity in table.QueryAsync<TableEntity>(select: ["RowKey"], cancellationToken: cancellationToken))
            {
                if (!entity.RowKey.Contains('~', StringComparison.Ordinal))
                {
                    yield return entity.RowKey;
                }
            }
        }
    }

    /// <summary>The ids of every journal of this deployment (award journals, then the user and provider referral journals).</summary>
    public IEnumerable<string> JournalIds() => options.JournalIds();

    /// <summary>Every entry of a journal, in commit order.</summary>
    public async IAsyncEnumerable<JournalEntry> EntriesAsync(string journalId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var info in await journals.ListPagesAsync(journalId, cancellationToken))
        {
            var page = await journals.ReadPageAsync(journalId, info.PageNo, cancellationToken);
            if (page is null)
            {
                continue;
            }

            foreach (var entry in LedgerJson.Unpack(page.Data, LedgerJson.Default.ListJournalEntry))
            {
                yield return entry;
            }
        }
    }

    /// <summary>The credits an entry implies, account by account, exactly as they were delivered.</summary>
    public static IEnumerable<(string AccountId, Effect Effect)> EffectsOf(JournalEntry entry) => EffectPlanner.Plan(entry);
}
