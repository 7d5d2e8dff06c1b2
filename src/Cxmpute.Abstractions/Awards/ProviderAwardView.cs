namespace Cxmpute.Abstractions;

[GenerateSerializer, Immutable, Alias("cx.ProviderAwardView")]
public sealed record ProviderAwardView(
    [property: Id(0)] string AccountId,
    [property: Id(1)] string Tier,
    [property: Id(2)] decimal Complexity,
    [property: Id(3)] decimal BaseReward,
    [property: Id(4)] decimal TokenReward,
    [property: Id(5)] decimal PerformanceMultiplier,
    [property: Id(6)] decimal Amount,
    [property: Id(7)] IReadOnlyList<ReferralCreditView> Referrals);
