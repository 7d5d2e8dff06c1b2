namespace Cxmpute.Rewards;

/// <summary>
/// A reward / hardware tier. The numeric value is the rank: a provider may serve a model when its
/// hardware tier is at least the model's tier. Wire names: see <see cref="WireNames"/>.
/// </summary>
public enum Tier
{
    /// <summary><c>tide-pool</c>: entry-level models (≤ 4 GB VRAM in the shipped schedule).</summary>
    TidePool = 0,

    /// <summary><c>blue-surge</c>: mid-tier workhorses (4–8 GB).</summary>
    BlueSurge = 1,

    /// <summary><c>open-ocean</c>: high-end performance (8–22 GB).</summary>
    OpenOcean = 2,

    /// <summary><c>mariana-depth</c>: premium powerhouses (22 GB and more).</summary>
    MarianaDepth = 3,
}
