namespace Cxmpute.Client.Tests.Infrastructure;

/// <summary>Fresh account and award ids, so tests sharing a host never meet.</summary>
public static class Ids
{
    public static string User() => "usr_" + Guid.NewGuid().ToString("N")[..16];

    public static string Provider() => "prov_" + Guid.NewGuid().ToString("N")[..16];

    public static string Award() => "aw-" + Guid.NewGuid().ToString("N");
}
