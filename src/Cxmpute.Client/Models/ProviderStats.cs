namespace Cxmpute.Client;

/// <summary><c>GET /api/providers/{providerId}/referral-stats</c>: the user figures with compute earnings, plus tier, earnings by model and tier, and performance.</summary>
/// <param name="AccountId">The provider.</param>
/// <param name="ReferralCode">The provider's referral code (its id).</param>
/// <param name="ReferredBy">The referrer, or null.</param>
/// <param name="TotalComputeRewards">Own compute earnings, last 30 days.</param>
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
/// <param name="Tier">The registered hardware tier; null before registration.</param>
/// <param name="EarningsByModel">Compute earnings by model, last 30 days.</param>
/// <param name="EarningsByTier">Compute earnings by tier, last 30 days.</param>
/// <param name="Performance">Served requests and latency, last 30 days.</param>
public sealed record ProviderStats(
    string AccountId,
    string ReferralCode,
    string? ReferredBy,
    decimal TotalComputeRewards,
    decimal TotalReferralRewards,
    decimal TotalEarnings,
    RewardsByType ReferralRewardsByType,
    long DirectReferrals,
    long SecondaryReferrals,
    long TertiaryReferrals,
    LifetimeTotals Lifetime,
    IReadOnlyList<DayTotals> History,
    Trend Trend,
    Activity Activity,
    ProviderTier? Tier,
    IReadOnlyDictionary<string, decimal> EarningsByModel,
    IReadOnlyDictionary<string, decimal> EarningsByTier,
    Performance Performance);
