namespace Cxmpute.Abstractions;

[GenerateSerializer, Immutable, Alias("cx.UserAwardView")]
public sealed record UserAwardView(
    [property: Id(0)] string AccountId,
    [property: Id(1)] decimal Amount,
    [property: Id(2)] IReadOnlyList<ReferralCreditView> Referrals);
