using Azure.Data.Tables;
using Cxmpute.Testing;

namespace Cxmpute.Testing.Tests;

public sealed class AzuriteFixtureTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Creates_a_table_then_upserts_and_reads_an_entity()
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        var table = service.GetTableClient(azurite.NewTableName("smoke"));
        await table.CreateIfNotExistsAsync();

        await table.UpsertEntityAsync(new TableEntity("p1", "r1") { ["Credits"] = 42L, ["Note"] = "hello" });
        var read = await table.GetEntityAsync<TableEntity>("p1", "r1");

        Assert.Equal(42L, read.Value.GetInt64("Credits"));
        Assert.Equal("hello", read.Value.GetString("Note"));
    }

    [Fact]
    public void Connection_string_names_the_dev_account_and_a_table_endpoint()
    {
        Assert.Contains("AccountName=devstoreaccount1;", azurite.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("TableEndpoint=", azurite.ConnectionString, StringComparison.Ordinal);
        if (!azurite.IsExternal)
        {
            Assert.Contains($"TableEndpoint=http://127.0.0.1:{azurite.TablePort}/devstoreaccount1;", azurite.ConnectionString, StringComparison.Ordinal);
        }
    }
}
