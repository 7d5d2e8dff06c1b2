using Cxmpute.Abstractions;

namespace Cxmpute.Api.Responses;

/// <summary>A provider's registered VRAM and the hardware tier it gives.</summary>
public sealed record ProviderRegisteredResponse(string ProviderId, decimal VramGb, string Tier)
{
    public static ProviderRegisteredResponse From(ProviderRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return new(registration.ProviderId, registration.VramGb, registration.Tier);
    }
}
