using Azure.Data.Tables;
using Cxmpute.Api;
using Cxmpute.Grains.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cxmpute.Silo.Hosting;

/// <summary>Registration of <see cref="TableStorageHealthCheck"/> and, where a silo runs, <see cref="JournalStorageHealthCheck"/>.</summary>
public static class StorageHealthCheckRegistration
{
    public static WebApplicationBuilder AddStorageHealthCheck(this WebApplicationBuilder builder, StorageHostingOptions storage, bool runsSilo)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(storage);
        if (storage.IsConfigured)
        {
            var tables = new TableServiceClient(storage.ConnectionString);
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                "table-storage", _ => new TableStorageHealthCheck(tables), HealthStatus.Unhealthy, [CxmputeApiServices.ReadyTag], TimeSpan.FromSeconds(5)));
            if (runsSilo)
            {
                // The journals may live in another service (blob storage): an award needs it as much as the tables.
                builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                    "journal-storage", sp => new JournalStorageHealthCheck(sp.GetRequiredService<IJournalStore>()), HealthStatus.Unhealthy, [CxmputeApiServices.ReadyTag], TimeSpan.FromSeconds(5)));
            }
        }

        return builder;
    }
}
