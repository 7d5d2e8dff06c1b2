using Azure;
using Azure.Data.Tables;
using Cxmpute.Testing;

namespace Cxmpute.Testing.Tests;

/// <summary>The fault helpers that later fault tests rely on; uses its own Azurite process.</summary>
public sealed class AzuriteFaultTests(DedicatedAzuriteFixture azurite) : IClassFixture<DedicatedAzuriteFixture>
{
    private TableClient Table(string name, TimeSpan networkTimeout)
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = networkTimeout;
        return azurite.CreateTableServiceClient(options).GetTableClient(name);
    }

    [Fact]
    public async Task Paused_azurite_does_not_answer_until_resumed()
    {
        var table = Table(azurite.NewTableName("pause"), TimeSpan.FromSeconds(1));
        await table.CreateIfNotExistsAsync();

        await azurite.PauseAsync();
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => table.UpsertEntityAsync(new TableEntity("p", "r")));
        }
        finally
        {
            azurite.Resume();
        }

        await table.UpsertEntityAsync(new TableEntity("p", "r"));
        Assert.Equal("r", (await table.GetEntityAsync<TableEntity>("p", "r")).Value.RowKey);
    }

    [Fact]
    public async Task Killed_azurite_refuses_then_restarts_on_the_same_port_and_data()
    {
        var name = azurite.NewTableName("restart");
        var table = Table(name, TimeSpan.FromSeconds(5));
        await table.CreateIfNotExistsAsync();
        await table.UpsertEntityAsync(new TableEntity("p", "before"));
        var port = azurite.TablePort;

        // A clean stop saves Azurite's in-memory data; a kill may lose the last 5 s.
        await azurite.StopAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => table.UpsertEntityAsync(new TableEntity("p", "down")));

        await azurite.RestartAsync();
        Assert.Equal(port, azurite.TablePort);
        Assert.Equal("before", (await table.GetEntityAsync<TableEntity>("p", "before")).Value.RowKey);

        await azurite.KillAsync();
        Assert.Null(azurite.ProcessId);
        await azurite.RestartAsync();
        await table.UpsertEntityAsync(new TableEntity("p", "after"));
        Assert.Equal("after", (await table.GetEntityAsync<TableEntity>("p", "after")).Value.RowKey);
    }

    [Fact]
    public void Fault_fixture_starts_its_own_process()
    {
        Assert.False(azurite.IsExternal);
        Assert.NotNull(azurite.ProcessId);
        Assert.NotNull(azurite.DataDirectory);
    }
}
