using System.Net;
using Cxmpute.Testing;

namespace Cxmpute.Testing.Tests;

public sealed class AzuriteWithBlobFixtureTests(AzuriteWithBlobFixture azurite) : IClassFixture<AzuriteWithBlobFixture>
{
    [Fact]
    public async Task Blob_endpoint_is_in_the_connection_string_and_answers_http()
    {
        if (azurite.IsExternal)
        {
            return; // CXMPUTE_TEST_AZURITE decides the endpoints.
        }

        Assert.Contains($"BlobEndpoint=http://127.0.0.1:{azurite.BlobPort}/devstoreaccount1;", azurite.ConnectionString, StringComparison.Ordinal);
        using var http = new HttpClient();
        // An unauthenticated request is refused, but by Azurite's blob service speaking HTTP.
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{azurite.BlobPort}/devstoreaccount1?comp=list"));
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest, response.StatusCode.ToString());
        Assert.NotNull(response.Headers.Server);
    }
}
