namespace Cxmpute.Client;

/// <summary>A provider's hardware tier from its registered VRAM, with that tier's rates.</summary>
/// <param name="Name">The tier.</param>
/// <param name="VramGb">Registered VRAM in GB.</param>
/// <param name="BaseReward">The tier's base reward.</param>
/// <param name="TokenMultiplier">The tier's token multiplier.</param>
public sealed record ProviderTier(string Name, decimal VramGb, decimal BaseReward, decimal TokenMultiplier);
