namespace Cxmpute.Silo.Hosting;

/// <summary>Cluster identity and endpoints (section <c>Cxmpute:Orleans</c>).</summary>
public sealed class OrleansHostingOptions
{
    public const string SectionName = "Cxmpute:Orleans";

    public string ClusterId { get; set; } = "cxmpute";

    public string ServiceId { get; set; } = "cxmpute-rewards";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo on; empty: loopback only.</summary>
    public string? AdvertisedIP { get; set; }

    /// <summary>Listen on every interface (only meaningful with <see cref="AdvertisedIP"/>).</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    /// <summary>How long a front end keeps trying to reach the cluster at start-up before it gives up.</summary>
    public int ClientConnectTimeoutSeconds { get; set; } = 120;
}
