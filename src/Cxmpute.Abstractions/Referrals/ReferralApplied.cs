namespace Cxmpute.Abstractions;

[GenerateSerializer, Immutable, Alias("cx.ReferralApplied")]
public sealed record ReferralApplied([property: Id(0)] string AccountId, [property: Id(1)] string ReferredBy, [property: Id(2)] decimal DirectBonus);

[GenerateSerializer, Immutable, Alias("cx.ReferralOutcome")]
public sealed record ReferralOutcome([property: Id(0)] ReferralApplied? Result, [property: Id(1)] LedgerError? Error);
