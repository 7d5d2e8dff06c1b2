using System.Net;
using Cxmpute.Api.Tests.Infrastructure;
using Cxmpute.Security.Tests.Infrastructure;
using Cxmpute.Testing;

namespace Cxmpute.Security.Tests;

/// <summary>
/// With <c>Cxmpute:Orleans:Tls</c> on, a front end reaches the silo's gateway only with a certificate of the
/// deployment's CA: one with such a certificate serves a read; one with a certificate of another CA never connects.
/// </summary>
public sealed class OrleansTlsTests
{
    [Fact]
    public async Task A_front_end_with_a_certificate_of_the_cluster_CA_reaches_the_silo_and_one_of_another_CA_does_not()
    {
        using var certificates = new TestCertificates();
        using var strangers = new TestCertificates("Another CA");
        var gatewayPort = FreePorts.Next();
        var clusterId = "tls-tests-" + Guid.NewGuid().ToString("N");
        KeyValuePair<string, string>[] cluster =
        [
            new("Cxmpute:Orleans:GatewayPort", gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Cxmpute:Orleans:ClusterId", clusterId),
        ];
        await using var silo = new ConfiguredApiFactory(settings: [.. cluster, .. certificates.Settings("silo")]);
        using var siloClient = silo.NewClient();
        var user = Ids.User();
        Assert.Equal(HttpStatusCode.OK, (await siloClient.PutJsonAsync($"/api/user/{user}", "{}")).StatusCode);

        await using var trusted = new ConfiguredApiFactory(settings:
            [.. cluster, new("Cxmpute:Role", "frontend"), .. certificates.Settings("frontend")]);
        using var trustedClient = trusted.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await trustedClient.GetAsync($"/api/user/{user}/referral-stats", CxmputeApiFactory.ApiKey)).StatusCode);

        await using var stranger = new ConfiguredApiFactory(settings:
            [.. cluster, new("Cxmpute:Role", "frontend"), new("Cxmpute:Orleans:ClientConnectTimeoutSeconds", "3"), .. strangers.Settings("intruder")]);
        Assert.ThrowsAny<Exception>(() => stranger.Server); // the TLS handshake fails: the client gives up connecting
    }
}
