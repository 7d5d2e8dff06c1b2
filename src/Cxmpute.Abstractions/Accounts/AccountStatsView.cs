namespace Cxmpute.Abstractions;

/// <summary>
/// An account's figures as of one read: the 30-day fields cover the current UTC day and the 29 before it.
/// <see cref="OwnRewards"/> is usage points for a user and compute earnings for a provider.
/// </summary>
[GenerateSerializer, Immutable, Alias("cx.AccountStatsView")]
public sealed record AccountStatsView(
    [property: Id(0)] string AccountId,
    [property: Id(1)] string? ReferredBy,
    [property: Id(2)] decimal OwnRewards,
    [property: Id(3)] decimal ReferralRewards,
    [property: Id(4)] RewardsByTypeView ReferralRewardsByType,
    [property: Id(5)] long DirectReferrals,
    [property: Id(6)] long SecondaryReferrals,
    [property: Id(7)] long TertiaryReferrals,
    [property: Id(8)] LifetimeView Lifetime,
    [property: Id(9)] IReadOnlyList<DayView> History,
    [property: Id(10)] TrendView Trend,
    [property: Id(11)] ActivityView Activity,
    [property: Id(12)] ProviderStatsView? Provider,
    [property: Id(13)] DateTimeOffset AsOf);

[GenerateSerializer, Immutable, Alias("cx.RewardsByTypeView")]
public sealed record RewardsByTypeView([property: Id(0)] decimal Direct, [property: Id(1)] decimal Primary, [property: Id(2)] decimal Secondary, [property: Id(3)] decimal Tertiary);

[GenerateSerializer, Immutable, Alias("cx.LifetimeView")]
public sealed record LifetimeView([property: Id(0)] decimal Earned, [property: Id(1)] decimal Referral, [property: Id(2)] decimal Total, [property: Id(3)] long Requests, [property: Id(4)] long Tokens);

[GenerateSerializer, Immutable, Alias("cx.DayView")]
public sealed record DayView([property: Id(0)] DateOnly Day, [property: Id(1)] decimal Earned, [property: Id(2)] decimal Referral, [property: Id(3)] decimal Total, [property: Id(4)] long NewReferrals);

[GenerateSerializer, Immutable, Alias("cx.TrendView")]
public sealed record TrendView([property: Id(0)] decimal Last7Days, [property: Id(1)] decimal Previous7Days, [property: Id(2)] decimal? ChangePercent);

[GenerateSerializer, Immutable, Alias("cx.ActivityView")]
public sealed record ActivityView([property: Id(0)] long Requests, [property: Id(1)] long Tokens);

[GenerateSerializer, Immutable, Alias("cx.ProviderStatsView")]
public sealed record ProviderStatsView(
    [property: Id(0)] TierView? Tier,
    [property: Id(1)] IReadOnlyDictionary<string, decimal> EarningsByModel,
    [property: Id(2)] IReadOnlyDictionary<string, decimal> EarningsByTier,
    [property: Id(3)] PerformanceView Performance);

[GenerateSerializer, Immutable, Alias("cx.TierView")]
public sealed record TierView([property: Id(0)] string Name, [property: Id(1)] decimal VramGb, [property: Id(2)] decimal BaseReward, [property: Id(3)] decimal TokenMultiplier);

[GenerateSerializer, Immutable, Alias("cx.PerformanceView")]
public sealed record PerformanceView([property: Id(0)] long Requests, [property: Id(1)] long FastResponses, [property: Id(2)] long SlowResponses, [property: Id(3)] decimal? AverageLatencyMs);
