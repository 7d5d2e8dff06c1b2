using System.Net;
using System.Net.Http.Headers;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Security.Tests;

/// <summary>
/// With public reads on (the Development profile only), a read with no credential at all is served, but a wrong
/// credential is still refused and a token still reads only its own account; writes still need a credential.
/// </summary>
public sealed class PublicReadsTests
{
    [Fact]
    public async Task Public_reads_serve_only_requests_without_any_credential()
    {
        await using var factory = new ConfiguredApiFactory(settings: TestTokens.Settings(publicReads: true));
        using var client = factory.NewClient();
        var user = Ids.User();
        await client.PutJsonAsync($"/api/user/{user}", "{}");
        var path = $"/api/user/{user}/referral-stats";

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path, key: null)).StatusCode);
        await ProblemAssert.IsProblemAsync(await client.GetAsync(path, key: "wrong-key"), HttpStatusCode.Unauthorized, "unauthorized");
        await ProblemAssert.IsProblemAsync(await SendWithTokenAsync(client, path, TestTokens.Expired(user)), HttpStatusCode.Unauthorized, "unauthorized");
        await ProblemAssert.IsProblemAsync(await SendWithTokenAsync(client, path, TestTokens.For(Ids.User())), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsProblemAsync(await client.PostJsonAsync($"/api/user/{user}/referral", """{"referralCode": "usr_x"}""", key: null),
            HttpStatusCode.Unauthorized, "unauthorized");
    }

    private static async Task<HttpResponseMessage> SendWithTokenAsync(HttpClient client, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }
}
