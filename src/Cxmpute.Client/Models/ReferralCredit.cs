namespace Cxmpute.Client;

/// <summary>One referrer's credit from an award.</summary>
/// <param name="Level">1 (primary) to 3 (tertiary).</param>
/// <param name="AccountId">The referrer.</param>
/// <param name="Amount">The amount credited (exact decimal).</param>
public sealed record ReferralCredit(int Level, string AccountId, decimal Amount);
