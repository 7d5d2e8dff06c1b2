using Azure.Data.Tables;
using Cxmpute.Api;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cxmpute.Silo.Hosting;

/// <summary>Registration of <see cref="TableStorageHealthCheck"/>.</summary>
public static class StorageHealthCheckRegistration
{
    public static WebApplicationBuilder AddStorageHealthCheck(this WebApplicationBuilder builder, StorageHostingOptions storage)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(storage);
        if (storage.IsConfigured)
        {
            var tables = new TableServiceClient(storage.ConnectionString);
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                "table-storage", _ => new TableStorageHealthCheck(tables), HealthStatus.Unhealthy, [CxmputeApiServices.ReadyTag], TimeSpan.FromSeconds(5)));
        }

        return builder;
    }
}
