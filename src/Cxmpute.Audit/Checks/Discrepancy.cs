namespace Cxmpute.Audit.Checks;

/// <summary>One broken invariant: <see cref="Code"/> says which (see <see cref="DiscrepancyCodes"/>), <see cref="Subject"/> names the account or award.</summary>
public sealed record Discrepancy(string Code, string Subject, string Detail)
{
    public override string ToString() => $"[{Code}] {Subject}: {Detail}";
}
