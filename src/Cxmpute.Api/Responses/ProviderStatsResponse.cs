using Cxmpute.Abstractions;
using Cxmpute.Api.Responses.Stats;

namespace Cxmpute.Api.Responses;

/// <summary><c>GET /api/providers/{providerId}/referral-stats</c>: the user fields with compute earnings, plus tier, earnings by model and tier, and performance.</summary>
public sealed record ProviderStatsResponse(
    string AccountId,
    string ReferralCode,
    string? ReferredBy,
    decimal TotalComputeRewards,
    decimal TotalReferralRewards,
    decimal TotalEarnings,
    RewardsByTypeResponse ReferralRewardsByType,
    long DirectReferrals,
    long SecondaryReferrals,
    long TertiaryReferrals,
    LifetimeResponse Lifetime,
    IReadOnlyList<DayResponse> History,
    TrendResponse Trend,
    ActivityResponse Activity,
    TierResponse? Tier,
    IReadOnlyDictionary<string, decimal> EarningsByModel,
    IReadOnlyDictionary<string, decimal> EarningsByTier,
    PerformanceResponse Performance)
{
    public static ProviderStatsResponse From(AccountStatsView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var provider = view.Provider;
        return new(
            view.AccountId,
            view.AccountId,
            view.ReferredBy,
            view.OwnRewards,
            view.ReferralRewards,
            view.OwnRewards + view.ReferralRewards,
            RewardsByTypeResponse.From(view.ReferralRewardsByType),
            view.DirectReferrals,
            view.SecondaryReferrals,
            view.TertiaryReferrals,
            LifetimeResponse.From(view.Lifetime),
            DayResponse.From(view.History),
            TrendResponse.From(view.Trend),
            ActivityResponse.From(view.Activity),
            provider?.Tier is { } tier ? TierResponse.From(tier) : null,
            Copy(provider?.EarningsByModel),
            Copy(provider?.EarningsByTier),
            PerformanceResponse.From(provider?.Performance));
    }

    private static SortedDictionary<string, decimal> Copy(IReadOnlyDictionary<string, decimal>? map) =>
        map is null ? new(StringComparer.Ordinal) : new(map.ToDictionary(), StringComparer.Ordinal);
}
