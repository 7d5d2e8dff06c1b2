using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Cxmpute.Audit.Sources;
using Cxmpute.Grains;
using Cxmpute.Grains.Journal;
using Cxmpute.Grains.Storage;

namespace Cxmpute.Properties.Tests.Ledger;

/// <summary>The journals of an in-memory test cluster, for the audit (pages are gzip JSON, as in table storage).</summary>
internal sealed class MemoryLedgerSource(IJournalStore store, LedgerOptions options) : ILedgerSource
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<string> AwardJournalIds { get; } = [.. Enumerable.Range(0, options.AwardJournals).Select(i => LedgerOptions.AwardJournalId(i))];

    public IReadOnlyList<string> ReferralJournalIds { get; } = [LedgerOptions.ReferralJournalId(true), LedgerOptions.ReferralJournalId(false)];

    public async IAsyncEnumerable<JournalEntry> EntriesAsync(string journalId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var info in await store.ListPagesAsync(journalId, cancellationToken))
        {
            var page = await store.ReadPageAsync(journalId, info.PageNo, cancellationToken);
            await using var gzip = new GZipStream(new MemoryStream(page!.Data), CompressionMode.Decompress);
            foreach (var entry in (await JsonSerializer.DeserializeAsync<List<JournalEntry>>(gzip, Json, cancellationToken))!)
            {
                yield return entry;
            }
        }
    }

    public IAsyncEnumerable<string> AccountIdsAsync(CancellationToken cancellationToken) => AsyncEnumerable.Empty<string>();

    public async Task<long> LastSeqAsync(string journalId, CancellationToken cancellationToken)
    {
        var pages = await store.ListPagesAsync(journalId, cancellationToken);
        return pages.Count == 0 ? 0 : pages.Max(p => p.LastSeq);
    }
}
