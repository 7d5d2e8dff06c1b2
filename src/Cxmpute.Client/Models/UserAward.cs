namespace Cxmpute.Client;

/// <summary>The user's usage points for one award and what its referral chain earned from them.</summary>
/// <param name="AccountId">The user.</param>
/// <param name="Amount">Usage points credited (exact decimal).</param>
/// <param name="Referrals">The referrers' credits, level 1 to 3.</param>
public sealed record UserAward(string AccountId, decimal Amount, IReadOnlyList<ReferralCredit> Referrals);
