using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cxmpute.Silo.Hosting;

/// <summary>Ready only when the Azure Table service answers a one-row query (registered only when storage is configured).</summary>
public sealed class TableStorageHealthCheck(TableServiceClient tables) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages().WithCancellation(cancellationToken))
            {
                break;
            }

            return HealthCheckResult.Healthy("Table storage answers.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Table storage does not answer.", e);
        }
    }
}
