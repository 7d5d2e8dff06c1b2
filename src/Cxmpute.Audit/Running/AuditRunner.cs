using System.Diagnostics;
using Cxmpute.Audit.Checks;
using Cxmpute.Audit.Sources;

namespace Cxmpute.Audit.Running;

/// <summary>
/// Feeds a deployment to the <see cref="Auditor"/>: the referral journals, then the award journals (each read once,
/// in commit order), then every account through the API with bounded concurrency.
/// </summary>
public sealed class AuditRunner(ILedgerSource ledger, IAccountSource accounts, Auditor auditor, int concurrency = 32, TextWriter? progress = null)
{
    public async Task<AuditRun> RunAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var entries = new Dictionary<string, long>(StringComparer.Ordinal);
        var lastSeq = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var journal in ledger.ReferralJournalIds)
        {
            await ReadJournalAsync(journal, auditor.AddReferral, entries, lastSeq, cancellationToken);
        }

        auditor.SealGraph();
        foreach (var journal in ledger.AwardJournalIds)
        {
            await ReadJournalAsync(journal, auditor.AddAward, entries, lastSeq, cancellationToken);
        }

        Log($"journals read: {entries.Values.Sum()} entries in {clock.Elapsed.TotalSeconds:F1} s");
        await foreach (var id in ledger.AccountIdsAsync(cancellationToken))
        {
            auditor.NoteStored(id);
        }

        var ids = auditor.AccountsToRead();
        Log($"reading {ids.Count} accounts through the API, {concurrency} at a time");
        var done = 0;
        var lastLog = clock.Elapsed;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken },
            async (id, token) =>
            {
                auditor.Check(await accounts.ReadAsync(id, token));
                var count = Interlocked.Increment(ref done);
                if (clock.Elapsed - lastLog > TimeSpan.FromSeconds(5))
                {
                    lastLog = clock.Elapsed;
                    Log($"  {count} / {ids.Count} accounts");
                }
            });

        var moved = new List<string>();
        foreach (var (journal, seq) in lastSeq)
        {
            if (await ledger.LastSeqAsync(journal, cancellationToken) != seq)
            {
                moved.Add(journal);
            }
        }

        return new AuditRun(auditor.Finish(), entries, accounts.Requests, clock.Elapsed) { MovedJournals = moved };
    }

    private async Task ReadJournalAsync(
        string journal, Action<string, Grains.Journal.JournalEntry> add, Dictionary<string, long> entries, Dictionary<string, long> lastSeq, CancellationToken cancellationToken)
    {
        var count = 0L;
        var last = 0L;
        await foreach (var entry in ledger.EntriesAsync(journal, cancellationToken))
        {
            add(journal, entry);
            count++;
            last = Math.Max(last, entry.Seq);
        }

        entries[journal] = count;
        lastSeq[journal] = last;
    }

    private void Log(string line) => progress?.WriteLine(line);
}
