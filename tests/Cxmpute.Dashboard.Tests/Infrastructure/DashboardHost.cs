using System.Globalization;
using Cxmpute.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cxmpute.Dashboard.Tests.Infrastructure;

/// <summary>
/// The real host (<c>Program</c> of Cxmpute.Silo) on Kestrel at <c>http://127.0.0.1:{free port}</c>, so that a browser can
/// reach it: combined role by default, no storage connection (localhost clustering, in-memory ledger), a fixed key,
/// user tokens (<c>TestTokens</c>) with public reads on as in the Development profile, free silo and gateway ports. Settings go in through <c>UseSetting</c> (the top configuration layer).
/// </summary>
public class DashboardHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ApiKey = "test-key-5c1e9a47-cxmpute-dashboard";

    private readonly Dictionary<string, string> _settings;

    public DashboardHost()
        : this([])
    {
    }

    protected DashboardHost(IEnumerable<KeyValuePair<string, string>> settings)
    {
        _settings = new(settings);
        UseKestrel(0);
    }

    public int SiloPort { get; } = FreePorts.Next();

    public int GatewayPort { get; } = FreePorts.Next();

    public string ClusterId { get; } = "dashboard-tests-" + Guid.NewGuid().ToString("N");

    /// <summary>The address Kestrel listens on, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string Origin { get; private set; } = "";

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A client of the real server (through the network stack, as a browser would); no key unless given per request.</summary>
    public HttpClient NewHttpClient() => new() { BaseAddress = new Uri(Origin), Timeout = TimeSpan.FromSeconds(30) };

    public LedgerClient NewLedgerClient() => new(NewHttpClient());

    public string PageUrl(string? account) => account is null ? Origin + "/" : $"{Origin}/?account={Uri.EscapeDataString(account)}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development"); // in-memory storage: only Development allows it
        builder.UseSetting("Cxmpute:Role", "combined");
        builder.UseSetting("Cxmpute:ApiKeys:0", ApiKey);
        builder.UseSetting("Cxmpute:ApiKey", "");
        builder.UseSetting("Cxmpute:Storage:ConnectionString", "");
        builder.UseSetting("Cxmpute:Orleans:SiloPort", SiloPort.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Cxmpute:Orleans:GatewayPort", GatewayPort.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Cxmpute:Orleans:ClusterId", ClusterId);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Orleans", "Warning");
        builder.UseSetting("Logging:LogLevel:Orleans.Runtime.Silo", "Warning");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        foreach (var (key, value) in Cxmpute.Api.Tests.Infrastructure.TestTokens.Settings(publicReads: true))
        {
            builder.UseSetting(key, value); // user tokens on; public reads as in the Development profile, unless a test turns them off
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public virtual Task InitializeAsync()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Origin = addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/');
        return Task.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
