using System.Globalization;
using Cxmpute.Audit.Checks;
using Cxmpute.Audit.Running;

namespace Cxmpute.Audit.Report;

/// <summary>Writes an audit as a short plain-text report: what was checked, the discrepancies by kind, and the verdict.</summary>
public static class ReportWriter
{
    public static void Write(TextWriter output, AuditRun run, string target, int maxListed = 100)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(run);
        var c = run.Result.Counts;
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"Cxmpute ledger audit of {target}");
        output.WriteLine(string.Create(inv, $"  journals        {run.EntriesByJournal.Count} read: {string.Join(", ", run.EntriesByJournal.Select(j => $"{j.Key} {j.Value}"))}"));
        output.WriteLine(string.Create(inv, $"  awards          {c.AwardEntries:N0} journaled, each re-priced with its schedule and its chain checked"));
        output.WriteLine(string.Create(inv, $"  referrals       {c.ReferralEntries:N0} journaled, {c.ReferralLinks:N0} links in the graph"));
        output.WriteLine(string.Create(inv, $"  accounts        {c.AccountsChecked:N0} read through the API ({c.AccountsInStorage:N0} with a stored snapshot), {run.Requests:N0} requests"));
        output.WriteLine(string.Create(inv, $"  ledger entries  {c.LedgerEntries:N0} read, {c.CreditsExpected:N0} credits implied by the journals"));
        output.WriteLine(string.Create(inv, $"  chains          {c.ChainsGrownLater:N0} grew after the award (rule late-subtree, fine), {c.ChainsConcurrent:N0} raced a referral in flight (fine)"));
        output.WriteLine(string.Create(inv, $"  time            {run.Elapsed.TotalSeconds:F1} s"));
        if (!run.Quiescent)
        {
            output.WriteLine($"  WARNING: journals {string.Join(", ", run.MovedJournals)} committed during the audit; run it on a quiescent deployment.");
        }

        var discrepancies = run.Result.Discrepancies;
        if (discrepancies.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(string.Create(inv, $"Discrepancies: {discrepancies.Count:N0}"));
            foreach (var group in discrepancies.GroupBy(d => d.Code).OrderByDescending(g => g.Count()))
            {
                output.WriteLine(string.Create(inv, $"  {group.Key,-26} {group.Count():N0}"));
            }

            output.WriteLine();
            foreach (var discrepancy in discrepancies.Take(maxListed))
            {
                output.WriteLine("  " + discrepancy);
            }

            if (discrepancies.Count > maxListed)
            {
                output.WriteLine(string.Create(inv, $"  ... and {discrepancies.Count - maxListed:N0} more (--max-listed)"));
            }
        }

        output.WriteLine();
        output.WriteLine(run.ExitCode switch
        {
            0 => "AUDIT PASSED: every balance, credit, price and referral count agrees.",
            3 => "AUDIT INCONCLUSIVE: no discrepancy, but the deployment was not quiescent.",
            _ => string.Create(inv, $"AUDIT FAILED: {discrepancies.Count:N0} discrepancies."),
        });
    }
}
