namespace Cxmpute.Api.Dashboard;

/// <summary>The dashboard page and its live event streams (section <c>Cxmpute:Dashboard</c>).</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Cxmpute:Dashboard";

    /// <summary>How often an idle event stream sends a comment line, so proxies and browsers keep it open. Default 15 s.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a stream renews its subscription; the account grain forgets an observer after 5 minutes. Default 1 min.</summary>
    public TimeSpan Resubscribe { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Event streams one process keeps open at once; the next one is refused with 503. Default 1,000.</summary>
    public int MaxStreams { get; set; } = 1000;

    /// <summary>Event streams one account may keep open in one process (a few tabs); the next one is refused with 503. Default 5.</summary>
    public int MaxStreamsPerAccount { get; set; } = 5;

    /// <summary>The <c>retry:</c> an event stream announces: how long a browser waits before reconnecting. Default 2 s.</summary>
    public TimeSpan ClientRetry { get; set; } = TimeSpan.FromSeconds(2);
}
