namespace Cxmpute.Client;

/// <summary>A referral just set and the direct bonus its referrer received.</summary>
/// <param name="AccountId">The account that applied the code.</param>
/// <param name="ReferredBy">The referrer (the code).</param>
/// <param name="DirectBonus">The bonus credited to the referrer (exact decimal).</param>
public sealed record ReferralApplied(string AccountId, string ReferredBy, decimal DirectBonus);
