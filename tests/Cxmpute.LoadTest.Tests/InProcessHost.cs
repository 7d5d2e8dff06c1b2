using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Cxmpute.LoadTest.Tests;

/// <summary>The real host (silo and API co-hosted, in-memory ledger) in the test process, with one gateway key.</summary>
internal sealed class InProcessHost(string key, string clusterPrefix) : WebApplicationFactory<Program>
{
    public HttpClient NewClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development"); // in-memory storage, which every other environment refuses
        builder.UseSetting("Cxmpute:Role", "combined");
        builder.UseSetting("Cxmpute:ApiKeys:0", key);
        builder.UseSetting("Cxmpute:ApiKey", "");
        builder.UseSetting("Cxmpute:Storage:ConnectionString", "");
        builder.UseSetting("Cxmpute:Orleans:SiloPort", FreePort());
        builder.UseSetting("Cxmpute:Orleans:GatewayPort", FreePort());
        builder.UseSetting("Cxmpute:Orleans:ClusterId", clusterPrefix + Guid.NewGuid().ToString("N"));
    }

    private static string FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
