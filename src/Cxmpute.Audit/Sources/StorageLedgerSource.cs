using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Cxmpute.Grains;
using Cxmpute.Grains.Journal;
using Cxmpute.Grains.Storage;

namespace Cxmpute.Audit.Sources;

/// <summary>
/// Reads the journals and account ids straight from storage (<see cref="LedgerStorageReader"/>): account tables, and
/// the journal store the deployment uses (<see cref="JournalStores"/>). A table or container that does not exist yet
/// reads as empty (a deployment that never stored anything).
/// </summary>
public sealed class StorageLedgerSource(TableServiceClient tables, IJournalStore journals, LedgerOptions options) : ILedgerSource
{
    private readonly LedgerStorageReader _reader = new(tables, journals, options);
    private readonly Dictionary<string, bool> _exists = new(StringComparer.Ordinal);

    public IReadOnlyList<string> AwardJournalIds { get; } =
        [.. Enumerable.Range(0, options.AwardJournals).Select(i => LedgerOptions.AwardJournalId(i))];

    public IReadOnlyList<string> ReferralJournalIds { get; } = [LedgerOptions.ReferralJournalId(true), LedgerOptions.ReferralJournalId(false)];

    public async IAsyncEnumerable<JournalEntry> EntriesAsync(string journalId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in _reader.EntriesAsync(journalId, cancellationToken))
        {
            yield return entry;
        }
    }

    public async IAsyncEnumerable<string> AccountIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(options.AccountTables()[0], cancellationToken))
        {
            yield break;
        }

        await foreach (var id in _reader.AccountIdsAsync(cancellationToken))
        {
            yield return id;
        }
    }

    public async Task<long> LastSeqAsync(string journalId, CancellationToken cancellationToken)
    {
        var pages = await journals.ListPagesAsync(journalId, cancellationToken);
        return pages.Count == 0 ? 0 : pages.Max(p => p.LastSeq);
    }

    private async Task<bool> ExistsAsync(string table, CancellationToken cancellationToken)
    {
        if (_exists.TryGetValue(table, out var known) && known)
        {
            return true;
        }

        var exists = false;
        await foreach (var _ in tables.QueryAsync(t => t.Name == table, cancellationToken: cancellationToken))
        {
            exists = true;
        }

        _exists[table] = exists;
        return exists;
    }
}
