namespace Cxmpute.Api.Tests.Infrastructure;

/// <summary>Fresh ids per test, so tests sharing a host never see each other's accounts.</summary>
public static class Ids
{
    public static string User() => "usr_" + Guid.NewGuid().ToString("N");

    public static string Provider() => "prov_" + Guid.NewGuid().ToString("N");

    public static string Award() => "req-" + Guid.NewGuid().ToString("N");
}
