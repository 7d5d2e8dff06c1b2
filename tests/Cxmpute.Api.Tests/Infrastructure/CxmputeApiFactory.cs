using Cxmpute.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Cxmpute.Api.Tests.Infrastructure;

/// <summary>
/// The real host (<c>Program</c> of Cxmpute.Silo) in the combined role: silo and API in one process, no storage connection
/// (localhost clustering, in-memory ledger, which only the Development environment allows), a fixed API key, free silo
/// and gateway ports and a cluster id of its own. The Development profile keeps public reads on; the access tests turn
/// them off and configure user tokens (<see cref="TestTokens"/>).
/// Settings go in through <c>UseSetting</c>, which reaches <c>Program</c> as command-line arguments, the top configuration layer.
/// </summary>
public class CxmputeApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ApiKey = "test-key-0b7d5f3e-cxmpute-api";

    protected virtual string Environment => "Development";

    /// <summary>The key the host is configured with; null leaves the key to the silo-config files.</summary>
    protected virtual string? ConfiguredKey => ApiKey;

    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    public HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var (siloPort, gatewayPort) = (FreePorts.Next(), FreePorts.Next());
        builder.UseEnvironment(Environment);
        builder.UseSetting("Cxmpute:Role", "combined");
        if (ConfiguredKey is { } configuredKey)
        {
            builder.UseSetting("Cxmpute:ApiKeys:0", configuredKey);
        }

        builder.UseSetting("Cxmpute:ApiKey", "");
        builder.UseSetting("Cxmpute:Storage:ConnectionString", "");
        builder.UseSetting("Cxmpute:Orleans:SiloPort", siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Cxmpute:Orleans:GatewayPort", gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Cxmpute:Orleans:ClusterId", "api-tests-" + Guid.NewGuid().ToString("N"));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(ConfigureServices);
    }

    Task IAsyncLifetime.InitializeAsync()
    {
        _ = Server; // builds and starts the host, silo included
        return Task.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
