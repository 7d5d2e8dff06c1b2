using System.Diagnostics;
using System.Threading.Channels;
using Cxmpute.Audit.Checks;
using Cxmpute.Audit.Sources;
using Cxmpute.Grains.Journal;

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
        await ReadJournalsAsync(ledger.ReferralJournalIds, auditor.AddReferral, entries, lastSeq, cancellationToken);
        auditor.SealGraph();
        await ReadJournalsAsync(ledger.AwardJournalIds, auditor.AddAward, entries, lastSeq, cancellationToken);

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

    /// <summary>
    /// Reads the journals concurrently (storage latency and decompression overlap) into one bounded queue that a single
    /// consumer hands to the auditor: each journal's entries stay in commit order, which is all the checks need.
    /// </summary>
    private async Task ReadJournalsAsync(
        IReadOnlyList<string> journals, Action<string, JournalEntry> add, Dictionary<string, long> entries, Dictionary<string, long> lastSeq, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queue = Channel.CreateBounded<(string Journal, JournalEntry Entry)>(new BoundedChannelOptions(20_000) { SingleReader = true });
        var producers = Task.WhenAll(journals.Select(async journal =>
        {
            await foreach (var entry in ledger.EntriesAsync(journal, stop.Token))
            {
                await queue.Writer.WriteAsync((journal, entry), stop.Token);
            }
        }));
        _ = producers.ContinueWith(t => queue.Writer.TryComplete(t.Exception?.GetBaseException()), TaskScheduler.Default);
        foreach (var journal in journals)
        {
            entries[journal] = 0;
            lastSeq[journal] = 0;
        }

        try
        {
            await foreach (var (journal, entry) in queue.Reader.ReadAllAsync(stop.Token))
            {
                add(journal, entry);
                entries[journal]++;
                lastSeq[journal] = Math.Max(lastSeq[journal], entry.Seq);
            }
        }
        finally
        {
            await stop.CancelAsync(); // a failed consumer must not leave producers waiting on a full queue
        }

        await producers;
    }

    private void Log(string line) => progress?.WriteLine(line);
}
