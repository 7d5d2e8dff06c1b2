namespace Cxmpute.Api.Tests.Infrastructure;

/// <summary>Trait names: <c>[Trait(Needs.Key, Needs.Grains)]</c> marks tests that need the real ledger grains behind the API.</summary>
public static class Needs
{
    public const string Key = "needs";
    public const string Grains = "grains";
}
