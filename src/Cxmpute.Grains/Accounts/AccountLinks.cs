namespace Cxmpute.Grains.Accounts;

/// <summary>What journals need to know of an account to price an award or decide a referral.</summary>
[GenerateSerializer, Immutable, Alias("cx.AccountLinks")]
public sealed record AccountLinks(
    [property: Id(0)] bool Exists,
    [property: Id(1)] bool Registered,
    [property: Id(2)] decimal? VramGb,
    [property: Id(3)] string? ReferrerId,
    [property: Id(4)] long Direct,
    [property: Id(5)] long Secondary);
