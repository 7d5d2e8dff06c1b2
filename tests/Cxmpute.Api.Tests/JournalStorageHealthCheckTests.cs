using Cxmpute.Grains;
using Cxmpute.Grains.Storage;
using Cxmpute.Silo.Hosting;
using Cxmpute.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cxmpute.Api.Tests;

/// <summary>A silo is ready only while its journal store answers, wherever the pages live.</summary>
public sealed class JournalStorageHealthCheckTests
{
    [Fact]
    public async Task Ready_while_the_store_answers_and_not_while_it_fails()
    {
        var faults = new StorageFaults();
        var check = new JournalStorageHealthCheck(new MemoryJournalStore(faults));

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        faults.FailReads = true;
        var failing = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, failing.Status);
        Assert.NotNull(failing.Exception);
    }

    [Fact]
    public async Task A_blob_service_that_does_not_listen_is_not_ready()
    {
        var port = FreePorts.Next(); // nothing listens on it
        var connection = $"DefaultEndpointsProtocol=http;AccountName=dev;AccountKey={Convert.ToBase64String(new byte[64])};BlobEndpoint=http://127.0.0.1:{port}/dev;";
        var options = new LedgerOptions { JournalStorage = JournalStorage.Blob, StorageRetries = 0, StorageTimeout = TimeSpan.FromSeconds(2) };
        var check = new JournalStorageHealthCheck(JournalStores.Open(connection, options, new LedgerMetrics()));

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("Journal storage does not answer.", result.Description);
    }
}
