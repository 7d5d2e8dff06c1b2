using Cxmpute.Audit.Cli;
using Cxmpute.Testing;
using Cxmpute.Testing.Cluster;

namespace Cxmpute.Faults.Tests.Infrastructure;

/// <summary>What the ledger holds against what was acknowledged: per account, exact lifetime total and one history entry per credit.</summary>
public sealed record LedgerComparison(int Accounts, int ExpectedCredits, int Lost, int Doubled, int TotalMismatches, IReadOnlyList<string> Problems)
{
    public bool Exact => Lost == 0 && Doubled == 0 && TotalMismatches == 0;
}

/// <summary>The consistency audit's outcome (0 passed, 1 discrepancies, 2 could not run, 3 not quiescent).</summary>
public sealed record AuditOutcome(int ExitCode, string Output)
{
    public bool Passed => ExitCode == 0;
}

public static class LedgerCheck
{
    /// <summary>
    /// Reads every account's <c>lifetime.total</c> and full rewards history and compares them with the credits the acknowledged
    /// awards imply: a credit missing from the history is lost, one found more often than acknowledged is doubled (both decimal exact).
    /// </summary>
    public static async Task<LedgerComparison> CompareAsync(LedgerHttp api, Workload workload, DateTime deadline)
    {
        var expected = workload.ExpectedCredits();
        var byAccount = expected.GroupBy(c => c.AccountId).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        int lost = 0, doubled = 0, mismatches = 0;
        var problems = new List<string>();
        foreach (var account in workload.Accounts)
        {
            var credits = byAccount.GetValueOrDefault(account) ?? [];
            var total = await api.LifetimeTotalAsync(account, deadline);
            var sum = credits.Sum(c => c.Amount);
            if (total != sum)
            {
                mismatches++;
                problems.Add($"{account}: lifetime.total {total}, acknowledged credits add up to {sum}");
            }

            var history = await api.HistoryAsync(account, deadline);
            var remaining = history.GroupBy(Key).ToDictionary(g => g.Key, g => g.Count());
            foreach (var credit in credits)
            {
                var key = Key(credit);
                if (remaining.TryGetValue(key, out var n) && n > 0)
                {
                    remaining[key] = n - 1;
                }
                else
                {
                    lost++;
                    problems.Add($"{account}: acknowledged credit missing from the history: {credit}");
                }
            }

            foreach (var (key, n) in remaining.Where(r => r.Value > 0))
            {
                doubled += n;
                problems.Add($"{account}: {n} history entr{(n == 1 ? "y" : "ies")} beyond the acknowledged credits: {key}");
            }
        }

        return new(byAccount.Count, expected.Count, lost, doubled, mismatches, [.. problems.Take(20)]);
    }

    /// <summary>
    /// Runs the consistency audit (src/Cxmpute.Audit) over the cluster's tables and API. A run that saw the journals move
    /// (exit 3: recovering journals may still be redelivering) is repeated, up to five times, 5 s apart.
    /// </summary>
    public static async Task<AuditOutcome> AuditAsync(string connectionString, LocalCluster cluster)
    {
        AuditOutcome outcome = new(-1, "");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var output = new StringWriter();
            var errors = new StringWriter();
            var code = await AuditCommand.RunAsync(
                [
                    "--storage", connectionString, "--api", cluster.FrontEndUrl, "--api-key", cluster.ApiKey,
                    "--config-dir", Path.Combine(RepoPaths.Root, "silo-config"),
                    "--journal-table", cluster.JournalTable, "--account-table", cluster.AccountTable,
                    "--concurrency", "4", "--quiet",
                ],
                output,
                errors);
            outcome = new(code, output + errors.ToString());
            if (code != 3)
            {
                return outcome;
            }

            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        return outcome;
    }

    private static string Key(Credit c) => $"{c.AwardId}|{c.Kind}|{c.SourceAccountId}|{c.Amount:0.############################}";
}
