namespace Cxmpute.Client;

/// <summary>The provider's compute earnings for one award, how they were priced, and the referral chain's share.</summary>
/// <param name="AccountId">The provider.</param>
/// <param name="Tier">The tier that priced the award (the model's tier).</param>
/// <param name="Complexity">The model's complexity factor.</param>
/// <param name="BaseReward">The tier's base reward.</param>
/// <param name="TokenReward">The reward for the tokens.</param>
/// <param name="PerformanceMultiplier">The latency bonus or penalty factor.</param>
/// <param name="Amount">Compute earnings credited (exact decimal).</param>
/// <param name="Referrals">The referrers' credits, level 1 to 3.</param>
public sealed record ProviderAward(
    string AccountId,
    string Tier,
    decimal Complexity,
    decimal BaseReward,
    decimal TokenReward,
    decimal PerformanceMultiplier,
    decimal Amount,
    IReadOnlyList<ReferralCredit> Referrals);
