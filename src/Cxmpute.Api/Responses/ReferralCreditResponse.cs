using Cxmpute.Abstractions;

namespace Cxmpute.Api.Responses;

/// <summary>One referrer's credit from an award: level 1 (primary) to 3 (tertiary).</summary>
public sealed record ReferralCreditResponse(int Level, string AccountId, decimal Amount)
{
    public static IReadOnlyList<ReferralCreditResponse> From(IReadOnlyList<ReferralCreditView>? views) =>
        views is null ? [] : [.. views.Select(v => new ReferralCreditResponse(v.Level, v.AccountId, v.Amount))];
}
