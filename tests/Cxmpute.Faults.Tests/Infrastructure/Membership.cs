using Azure.Data.Tables;
using Cxmpute.Testing.Cluster;

namespace Cxmpute.Faults.Tests.Infrastructure;

/// <summary>The cluster's membership table as Orleans wrote it: one line per silo (address, generation, status, suspicions).</summary>
public static class Membership
{
    public static async Task<List<string>> DescribeAsync(string connectionString, LocalCluster cluster)
    {
        var lines = new List<string>();
        try
        {
            var table = new TableServiceClient(connectionString).GetTableClient(cluster.MembershipTable);
            await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == cluster.ClusterId))
            {
                if (Value(row, "Status") is { Length: > 0 } status)
                {
                    lines.Add($"{Value(row, "Address")}:{Value(row, "Port")} gen {Value(row, "Generation")} {status}"
                        + (Value(row, "SuspectingSilos") is { Length: > 0 } suspecting ? $" suspected by {suspecting}" : ""));
                }
            }
        }
        catch (Exception e) when (e is Azure.RequestFailedException or InvalidOperationException or HttpRequestException)
        {
            lines.Add($"membership table not readable: {e.Message}");
        }

        return lines;
    }

    private static string? Value(TableEntity row, string key) => row.TryGetValue(key, out var value) ? value?.ToString() : null;
}
