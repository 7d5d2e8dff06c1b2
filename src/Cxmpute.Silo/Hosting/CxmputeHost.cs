using Cxmpute.Api;
using Cxmpute.Api.Security;
using Orleans.Dashboard;

namespace Cxmpute.Silo.Hosting;

/// <summary>Composes the process for its role: silo and/or Orleans client, the API, health, and the dashboard.</summary>
public static class CxmputeHost
{
    public const string DashboardPath = "/dashboard";

    public static HostingSettings AddCxmputeHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = HostingSettings.From(builder.Configuration);
        AccessSettingsCheck.Ensure(builder.Environment, builder.Configuration);
        DurableStorageCheck.Ensure(builder.Environment, settings);
        if (settings.RunsSilo)
        {
            builder.AddCxmputeSilo(settings);
            builder.AddDashboardSignIn();
        }
        else
        {
            builder.AddCxmputeClient(settings);
        }

        if (settings.ServesApi)
        {
            builder.AddCxmputeApi();
        }
        else
        {
            builder.AddCxmputeEdge();
        }

        builder.AddStorageHealthCheck(settings.Storage, settings.RunsSilo);
        return settings;
    }

    public static WebApplication MapCxmputeHost(this WebApplication app, HostingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(settings);
        app.UseCxmputeErrors();
        app.MapCxmputeHealth();
        if (settings.ServesApi)
        {
            app.UseCxmputeAccess();
            app.MapCxmputeApi();
        }

        if (settings.RunsSilo)
        {
            app.UseWhen(context => context.Request.Path.StartsWithSegments(DashboardPath), dashboard => dashboard.UseMiddleware<DashboardKeyMiddleware>());
            app.MapOrleansDashboard(routePrefix: DashboardPath);
        }

        return app;
    }
}
