namespace Cxmpute.Abstractions;

[GenerateSerializer, Immutable, Alias("cx.ProviderRegistration")]
public sealed record ProviderRegistration([property: Id(0)] string ProviderId, [property: Id(1)] decimal VramGb, [property: Id(2)] string Tier);
