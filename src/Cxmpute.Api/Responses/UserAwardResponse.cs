using Cxmpute.Abstractions;

namespace Cxmpute.Api.Responses;

/// <summary>The user's usage points for one award and what its referral chain earned from them.</summary>
public sealed record UserAwardResponse(string AccountId, decimal Amount, IReadOnlyList<ReferralCreditResponse> Referrals)
{
    public static UserAwardResponse From(UserAwardView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.AccountId, view.Amount, ReferralCreditResponse.From(view.Referrals));
    }
}
