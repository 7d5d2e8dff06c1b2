using Azure.Data.Tables;
using Cxmpute.Testing.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Cxmpute.Cluster.Tests.Infrastructure;

/// <summary>Looks at a running cluster from outside: its membership table, and (as an Orleans client) where grains live.</summary>
public static class ClusterInspector
{
    /// <summary>The silos the membership table lists as Active (one row per silo; the version row has no status).</summary>
    public static async Task<List<string>> ActiveSilosAsync(string connectionString, LocalCluster cluster)
    {
        var table = new TableServiceClient(connectionString).GetTableClient(cluster.MembershipTable);
        var active = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == cluster.ClusterId))
        {
            if (row.GetString("Status") == "Active")
            {
                active.Add($"{row["Address"]}:{row["Port"]}");
            }
        }

        return active;
    }

    /// <summary>Activation counts per grain type and silo (IManagementGrain), through a short-lived Orleans client.</summary>
    public static async Task<List<SimpleGrainStatistic>> GrainStatisticsAsync(string connectionString, LocalCluster cluster)
    {
        using var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = cluster.ClusterId;
                    o.ServiceId = cluster.ServiceId;
                });
                client.UseAzureStorageClustering(o =>
                {
                    o.TableServiceClient = new TableServiceClient(connectionString);
                    o.TableName = cluster.MembershipTable;
                });
            })
            .Build();
        await host.StartAsync();
        try
        {
            var management = host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
            return [.. await management.GetSimpleGrainStatistics()];
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
