namespace Cxmpute.Dashboard.Tests.Infrastructure;

/// <summary>Fresh ids per test, readable in screenshots: <c>prov_bob-1a2b3c4d</c>.</summary>
public static class Ids
{
    public static string User(string name = "user") => $"usr_{name}-{Suffix()}";

    public static string Provider(string name = "prov") => $"prov_{name}-{Suffix()}";

    public static string Award() => "req-" + Guid.NewGuid().ToString("N");

    private static string Suffix() => Guid.NewGuid().ToString("N")[..8];
}
