namespace Cxmpute.Abstractions;

[GenerateSerializer, Immutable, Alias("cx.ReferralCreditView")]
public sealed record ReferralCreditView([property: Id(0)] int Level, [property: Id(1)] string AccountId, [property: Id(2)] decimal Amount);
