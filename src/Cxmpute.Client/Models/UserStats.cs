namespace Cxmpute.Client;

/// <summary><c>GET /api/user/{userId}/referral-stats</c>: 30-day figures (today and the 29 days before, UTC) and lifetime totals.</summary>
/// <param name="AccountId">The user.</param>
/// <param name="ReferralCode">The user's referral code (its id).</param>
/// <param name="ReferredBy">The referrer, or null.</param>
/// <param name="TotalUsageRewards">Own usage points, last 30 days.</param>
/// <param name="TotalReferralRewards">Referral rewards (direct bonuses included), last 30 days.</param>
/// <param name="TotalEarnings">The sum of the two.</param>
/// <param name="ReferralRewardsByType">Referral rewards by kind, last 30 days.</param>
/// <param name="DirectReferrals">Network size, level 1.</param>
/// <param name="SecondaryReferrals">Network size, level 2.</param>
/// <param name="TertiaryReferrals">Network size, level 3.</param>
/// <param name="Lifetime">Totals since the account began.</param>
/// <param name="History">30 days, oldest first.</param>
/// <param name="Trend">The last 7 days against the 7 before.</param>
/// <param name="Activity">Requests and tokens, last 30 days.</param>
public sealed record UserStats(
    string AccountId,
    string ReferralCode,
    string? ReferredBy,
    decimal TotalUsageRewards,
    decimal TotalReferralRewards,
    decimal TotalEarnings,
    RewardsByType ReferralRewardsByType,
    long DirectReferrals,
    long SecondaryReferrals,
    long TertiaryReferrals,
    LifetimeTotals Lifetime,
    IReadOnlyList<DayTotals> History,
    Trend Trend,
    Activity Activity);
