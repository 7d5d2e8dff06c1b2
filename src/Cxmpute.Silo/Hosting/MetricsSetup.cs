using Cxmpute.Grains;
using OpenTelemetry.Metrics;

namespace Cxmpute.Silo.Hosting;

/// <summary>
/// Server metrics through OpenTelemetry, exported for Prometheus at <c>GET /metrics</c> in every role: the ledger's meter
/// (<c>Cxmpute.Ledger</c>: awards and their latency at the journal, credits, storage operations and their latency, group-commit sizes), ASP.NET Core's
/// request duration and Kestrel connections, and the .NET runtime's built-in meter (GC, thread pool, working set: the
/// silo memory the load tool reports). The endpoint is added ahead of the app's own pipeline by a startup filter, so the
/// host needs one line: <c>builder.AddCxmputeMetrics()</c>. Like the other reads, it needs no API key; keep the port
/// on a private interface (the default <c>Urls</c> is loopback).
/// </summary>
public static class MetricsSetup
{
    public const string Path = "/metrics";

    private static readonly string[] Meters =
    [
        LedgerMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Runtime",
    ];

    public static WebApplicationBuilder AddCxmputeMetrics(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(Meters)
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0)); // no stale reads: the load tool diffs scrapes
        builder.Services.AddTransient<IStartupFilter, MetricsEndpointStartupFilter>();
        return builder;
    }

    private sealed class MetricsEndpointStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(Path);
            next(app);
        };
    }
}
