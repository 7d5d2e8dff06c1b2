using System.Diagnostics;
using Cxmpute.LoadTest.Population;
using Cxmpute.LoadTest.Targets;

namespace Cxmpute.LoadTest.Reconcile;

/// <summary>
/// Reads every account of the population back through the target (stats' <c>lifetime</c>) with bounded concurrency and
/// compares earned, referral and total with the expected ledger, to the last digit. An account the system never saw (404)
/// must be expected to hold nothing.
/// </summary>
internal sealed class Reconciler(ILedgerTarget target, LoadPopulation population, int concurrency, Action<string> log)
{
    public async Task<ReconciliationResult> RunAsync(ExpectedLedger expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var clock = Stopwatch.StartNew();
        long matched = 0, mismatched = 0, unreadable = 0, done = 0;
        var mismatches = new List<string>();
        decimal expectedSum = 0, actualSum = 0;
        var gate = new object();
        await Parallel.ForEachAsync(Enumerable.Range(0, population.Accounts), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (account, ct) =>
        {
            var id = population.AccountId(account);
            var want = expected.For(account);
            AccountTotals got;
            try
            {
                got = await target.ReadTotalsAsync(id, ct) ?? AccountTotals.Zero;
            }
            catch (InvalidOperationException ex)
            {
                Interlocked.Increment(ref unreadable);
                Note($"{id}: unreadable: {ex.Message}");
                return;
            }

            lock (gate)
            {
                expectedSum += want.Total;
                actualSum += got.Total;
            }

            if (got.SameAs(want))
            {
                Interlocked.Increment(ref matched);
            }
            else
            {
                Interlocked.Increment(ref mismatched);
                Note($"{id}: expected {want}; the system says {got}");
            }

            if (Interlocked.Increment(ref done) % 20_000 == 0)
            {
                log($"  reconciled {done:N0} of {population.Accounts:N0} accounts ({clock.Elapsed.TotalSeconds:F0} s)");
            }
        });

        return new ReconciliationResult(population.Accounts, matched, mismatched, unreadable, expected.Awards, expected.Credits, expectedSum, actualSum,
            clock.Elapsed.TotalSeconds, mismatches);

        void Note(string text)
        {
            lock (mismatches)
            {
                if (mismatches.Count < 20)
                {
                    mismatches.Add(text);
                }
            }
        }
    }
}
