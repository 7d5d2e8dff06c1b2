namespace Cxmpute.Rewards;

/// <summary>
/// The rates of one tier and the VRAM range that gives a provider this hardware tier.
/// The lower bound is always present (<paramref name="MinVramGb"/>, inclusive or exclusive);
/// the upper bound is absent (<see langword="null"/>) for the open-ended top tier.
/// </summary>
/// <param name="Tier">The tier.</param>
/// <param name="BaseReward">Base reward per request, before service multiplier and model complexity.</param>
/// <param name="TokenMultiplier">Reward per token, before service multiplier.</param>
/// <param name="MinVramGb">Lower VRAM bound in GB.</param>
/// <param name="MinVramGbInclusive">Whether <paramref name="MinVramGb"/> itself belongs to this tier.</param>
/// <param name="MaxVramGb">Upper VRAM bound in GB, or <see langword="null"/> for no upper bound.</param>
/// <param name="MaxVramGbInclusive">Whether <paramref name="MaxVramGb"/> itself belongs to this tier.</param>
public sealed record TierRates(
    Tier Tier,
    decimal BaseReward,
    decimal TokenMultiplier,
    decimal MinVramGb,
    bool MinVramGbInclusive,
    decimal? MaxVramGb,
    bool MaxVramGbInclusive)
{
    /// <summary>Whether a provider with <paramref name="vramGb"/> GB of VRAM falls in this tier's range.</summary>
    public bool ContainsVram(decimal vramGb) =>
        (MinVramGbInclusive ? vramGb >= MinVramGb : vramGb > MinVramGb)
        && (MaxVramGb is not { } max || (MaxVramGbInclusive ? vramGb <= max : vramGb < max));
}
