namespace Cxmpute.Rewards.Internal;

/// <summary>
/// A parsed, validated schedule. Lists indexed by an enum hold one entry per value, at the enum's index.
/// </summary>
internal sealed record ScheduleDefinition(
    string Version,
    IReadOnlyList<TierRates> Tiers,
    IReadOnlyList<ModelInfo> Models,
    ModelInfo DefaultModel,
    IReadOnlyList<ServiceRates> Services,
    IReadOnlyList<UserPointRates> UserPoints,
    PerformanceRule Performance,
    IReadOnlyList<ReferralRates> Referrals);
