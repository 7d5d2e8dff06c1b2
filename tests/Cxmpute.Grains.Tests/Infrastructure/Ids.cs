namespace Cxmpute.Grains.Tests.Infrastructure;

/// <summary>Fresh ids, so that tests sharing a cluster never see each other's accounts.</summary>
internal static class Ids
{
    public static string User(string name = "u") => $"usr_{name}-{Guid.NewGuid():N}";

    public static string Provider(string name = "p") => $"prov_{name}-{Guid.NewGuid():N}";

    public static string Award() => $"award-{Guid.NewGuid():N}";
}
