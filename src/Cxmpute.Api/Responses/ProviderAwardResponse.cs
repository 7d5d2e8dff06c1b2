using Cxmpute.Abstractions;

namespace Cxmpute.Api.Responses;

/// <summary>The provider's compute earnings for one award, how they were priced, and the referral chain's share.</summary>
public sealed record ProviderAwardResponse(
    string AccountId,
    string Tier,
    decimal Complexity,
    decimal BaseReward,
    decimal TokenReward,
    decimal PerformanceMultiplier,
    decimal Amount,
    IReadOnlyList<ReferralCreditResponse> Referrals)
{
    public static ProviderAwardResponse From(ProviderAwardView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(
            view.AccountId,
            view.Tier,
            view.Complexity,
            view.BaseReward,
            view.TokenReward,
            view.PerformanceMultiplier,
            view.Amount,
            ReferralCreditResponse.From(view.Referrals));
    }
}
