using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Cxmpute.LoadTest.Targets;

/// <summary>An Orleans client to a running cluster: gateways from the Azure Table membership, or the localhost gateway.</summary>
internal static class OrleansClientHost
{
    public static async Task<OrleansLedgerTarget> ConnectAsync(string? storageConnection, int gatewayPort, string clusterId, string serviceId, string membershipTable, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client =>
        {
            if (string.IsNullOrWhiteSpace(storageConnection))
            {
                client.UseLocalhostClustering(gatewayPort, serviceId, clusterId);
            }
            else
            {
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = serviceId;
                });
                client.UseAzureStorageClustering(o =>
                {
                    o.TableServiceClient = new TableServiceClient(storageConnection);
                    o.TableName = membershipTable;
                });
            }
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        var describe = string.IsNullOrWhiteSpace(storageConnection)
            ? $"Orleans client, localhost gateway :{gatewayPort}"
            : $"Orleans client, Azure Table membership '{membershipTable}' cluster '{clusterId}'";
        return new OrleansLedgerTarget(host.Services.GetRequiredService<IClusterClient>(), describe, new HostDisposer(host));
    }

    private sealed class HostDisposer(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
