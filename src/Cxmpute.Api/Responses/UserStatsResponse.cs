using Cxmpute.Abstractions;
using Cxmpute.Api.Responses.Stats;

namespace Cxmpute.Api.Responses;

/// <summary><c>GET /api/user/{userId}/referral-stats</c>: the original dashboard's fields plus the extended ones.</summary>
public sealed record UserStatsResponse(
    string AccountId,
    string ReferralCode,
    string? ReferredBy,
    decimal TotalUsageRewards,
    decimal TotalReferralRewards,
    decimal TotalEarnings,
    RewardsByTypeResponse ReferralRewardsByType,
    long DirectReferrals,
    long SecondaryReferrals,
    long TertiaryReferrals,
    LifetimeResponse Lifetime,
    IReadOnlyList<DayResponse> History,
    TrendResponse Trend,
    ActivityResponse Activity)
{
    public static UserStatsResponse From(AccountStatsView view)
    {
        ArgumentNullException.ThrowIfNull(view);
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
            ActivityResponse.From(view.Activity));
    }
}
