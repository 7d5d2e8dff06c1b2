namespace Cxmpute.Rewards.Internal;

/// <summary>The referral terms of one account kind: the direct bonus and the rates of levels 1, 2, 3.</summary>
internal sealed record ReferralRates(AccountKind Kind, decimal DirectBonus, IReadOnlyList<decimal> LevelRates);
