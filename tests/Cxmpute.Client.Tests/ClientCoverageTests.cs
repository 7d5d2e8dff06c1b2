using System.Reflection;
using System.Text.Json;
using Cxmpute.Client.Tests.Infrastructure;

namespace Cxmpute.Client.Tests;

/// <summary>The typed client has a method for every operation of the document the host serves, and none for an operation it lacks.</summary>
[Collection(InProcessCollection.Name)]
public sealed class ClientCoverageTests(InProcessApi api)
{
    [Fact]
    public async Task Every_operation_of_the_served_document_has_a_client_method()
    {
        using var http = api.CreateClient();
        using var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        var served = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject())
            .Select(operation => operation.Value.GetProperty("operationId").GetString()!)
            .ToHashSet(StringComparer.Ordinal);
        var client = typeof(CxmputeClient).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Select(method => method.GetCustomAttribute<OperationIdAttribute>()?.OperationId)
            .OfType<string>()
            .ToList();

        Assert.Equal(client.Count, client.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(served.Except(client, StringComparer.Ordinal)); // operations the client lacks
        Assert.Empty(client.Except(served, StringComparer.Ordinal)); // client methods for operations no longer served
    }
}
