using System.Globalization;
using Cxmpute.Client;
using Cxmpute.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Cxmpute.Client.Tests.Infrastructure;

/// <summary>
/// The real host (<c>Program</c> of Cxmpute.Silo) in the combined role: silo and API in one process, in-memory ledger, a fixed
/// key, free silo and gateway ports and a cluster id of its own.
/// </summary>
public sealed class InProcessApi : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ApiKey = "client-test-key-5e2b9c71-8d04a6f3b1e7c259";

    /// <summary>A typed client sending the key, over the in-process server.</summary>
    public CxmputeClient NewClient(string? apiKey = ApiKey)
    {
        var http = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return new CxmputeClient(http);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development"); // in-memory storage, which every other environment refuses
        builder.UseSetting("Cxmpute:Role", "combined");
        builder.UseSetting("Cxmpute:ApiKeys:0", ApiKey);
        builder.UseSetting("Cxmpute:ApiKey", "");
        builder.UseSetting("Cxmpute:Storage:ConnectionString", "");
        builder.UseSetting("Cxmpute:Orleans:SiloPort", FreePorts.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Cxmpute:Orleans:GatewayPort", FreePorts.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Cxmpute:Orleans:ClusterId", "client-tests-" + Guid.NewGuid().ToString("N"));
    }

    Task IAsyncLifetime.InitializeAsync()
    {
        _ = Server; // builds and starts the host, silo included
        return Task.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
