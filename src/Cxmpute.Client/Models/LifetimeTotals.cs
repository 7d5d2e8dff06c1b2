namespace Cxmpute.Client;

/// <summary>Totals since the account began.</summary>
/// <param name="Earned">Own earnings.</param>
/// <param name="Referral">Referral rewards.</param>
/// <param name="Total">The sum.</param>
public sealed record LifetimeTotals(decimal Earned, decimal Referral, decimal Total);
