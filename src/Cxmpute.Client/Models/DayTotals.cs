namespace Cxmpute.Client;

/// <summary>One UTC day of the 30-day history.</summary>
/// <param name="Day">The day.</param>
/// <param name="Earned">Own earnings.</param>
/// <param name="Referral">Referral rewards.</param>
/// <param name="Total">The sum.</param>
/// <param name="NewReferrals">Direct referrals gained that day.</param>
public sealed record DayTotals(DateOnly Day, decimal Earned, decimal Referral, decimal Total, long NewReferrals);
