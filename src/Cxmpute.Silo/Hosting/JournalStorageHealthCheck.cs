using Cxmpute.Grains.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cxmpute.Silo.Hosting;

/// <summary>
/// Ready only when the journal store answers a page listing: blob or table storage, as <c>Ledger:JournalStorage</c>
/// says (registered only on processes that run a silo with storage configured).
/// </summary>
public sealed class JournalStorageHealthCheck(IJournalStore journals) : IHealthCheck
{
    /// <summary>A journal id no journal has: the listing is empty, and answers only if the store does.</summary>
    private const string Probe = "health-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await journals.ListPagesAsync(Probe, cancellationToken);
            return HealthCheckResult.Healthy("Journal storage answers.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Journal storage does not answer.", e);
        }
    }
}
