namespace Cxmpute.Client;

/// <summary>A provider's registered VRAM and the hardware tier it gives.</summary>
/// <param name="ProviderId">The provider.</param>
/// <param name="VramGb">Registered VRAM in GB (exact decimal).</param>
/// <param name="Tier"><c>tide-pool</c>, <c>blue-surge</c>, <c>open-ocean</c> or <c>mariana-depth</c>.</param>
public sealed record ProviderRegistration(string ProviderId, decimal VramGb, string Tier);
