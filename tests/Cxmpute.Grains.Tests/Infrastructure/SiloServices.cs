using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Cxmpute.Grains.Tests.Infrastructure;

internal static class SiloServices
{
    /// <summary>The ledger's metrics of one in-process silo of a test cluster.</summary>
    public static LedgerMetrics LedgerMetrics(this TestCluster cluster, int silo = 0) =>
        cluster.Services(silo).GetRequiredService<LedgerMetrics>();

    /// <summary>The services of one in-process silo of a test cluster.</summary>
    public static IServiceProvider Services(this TestCluster cluster, int silo = 0) =>
        ((InProcessSiloHandle)cluster.Silos[silo]).SiloHost.Services;
}
