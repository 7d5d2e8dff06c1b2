using Cxmpute.Abstractions;

namespace Cxmpute.Api.Responses;

/// <summary>The referral just set and the direct bonus its referrer received.</summary>
public sealed record ReferralAppliedResponse(string AccountId, string ReferredBy, decimal DirectBonus)
{
    public static ReferralAppliedResponse From(ReferralApplied applied)
    {
        ArgumentNullException.ThrowIfNull(applied);
        return new(applied.AccountId, applied.ReferredBy, applied.DirectBonus);
    }
}
