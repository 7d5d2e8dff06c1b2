namespace Cxmpute.Rewards;

/// <summary>
/// The provider's hardware tier (from its registered VRAM) is below the model's tier, so the award
/// is refused and nothing is credited (HTTP 422, code <c>tier_not_eligible</c>).
/// </summary>
/// <param name="hardwareTier">The provider's hardware tier.</param>
/// <param name="requiredTier">The model's tier, the minimum hardware tier needed.</param>
public sealed class TierNotEligibleException(Tier hardwareTier, Tier requiredTier)
    : Exception(
        $"The provider's hardware tier '{hardwareTier.ToWire()}' is below the model's tier '{requiredTier.ToWire()}': "
        + $"serving this model needs hardware of tier '{requiredTier.ToWire()}' or higher.")
{
    /// <summary>The stable machine-readable error code, <c>tier_not_eligible</c>.</summary>
    public const string ErrorCode = "tier_not_eligible";

    /// <summary>The stable machine-readable error code, <c>tier_not_eligible</c>.</summary>
    public string Code => ErrorCode;

    /// <summary>The provider's hardware tier.</summary>
    public Tier HardwareTier { get; } = hardwareTier;

    /// <summary>The model's tier, the minimum hardware tier needed.</summary>
    public Tier RequiredTier { get; } = requiredTier;
}
