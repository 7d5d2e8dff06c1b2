namespace Cxmpute.LoadTest.Reconcile;

/// <summary>The outcome of reading every account back and comparing it with the expected totals.</summary>
internal sealed record ReconciliationResult(
    long Accounts,
    long Matched,
    long Mismatched,
    long Unreadable,
    long AwardsCounted,
    long CreditsExpected,
    decimal ExpectedGrandTotal,
    decimal ActualGrandTotal,
    double Seconds,
    IReadOnlyList<string> FirstMismatches)
{
    public bool Exact => Mismatched == 0 && Unreadable == 0 && ExpectedGrandTotal == ActualGrandTotal;
}
