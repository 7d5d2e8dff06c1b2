using Cxmpute.Abstractions;

namespace Cxmpute.Api.Responses.Stats;

/// <summary>Referral rewards of the last 30 days by kind.</summary>
public sealed record RewardsByTypeResponse(decimal Direct, decimal Primary, decimal Secondary, decimal Tertiary)
{
    public static RewardsByTypeResponse From(RewardsByTypeView? view) =>
        view is null ? new(0m, 0m, 0m, 0m) : new(view.Direct, view.Primary, view.Secondary, view.Tertiary);
}
