using System.Globalization;
using Cxmpute.Testing;
using Cxmpute.Testing.Cluster;
using Microsoft.Extensions.DependencyInjection;

namespace Cxmpute.Client.Tests.Cluster;

/// <summary>
/// Three silos and a front end as separate processes of the built host on an Azurite of their own: the topology of
/// <c>./run.sh --silos 3</c>. Process output goes to <c>artifacts/client-tests/logs/&lt;time&gt;/</c>, deleted when every
/// scenario passed.
/// </summary>
public sealed class ClientCluster : IAsyncLifetime
{
    public const string ApiKey = "client-cluster-key-3f8a61d2-6b90e4c17a25d8f3";
    public const int Silos = 3;
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    private readonly AzuriteFixture _azurite = new();
    private LocalCluster? _cluster;

    public LocalCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    public string FrontEndUrl => Cluster.FrontEndUrl;

    public bool Failed { get; set; }

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        var logs = Path.Combine(RepoPaths.Root, "artifacts", "client-tests", "logs", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        _cluster = new LocalCluster(_azurite.ConnectionString, ApiKey, logs);
        for (var i = 0; i < Silos; i++)
        {
            _cluster.StartSilo();
        }

        _cluster.StartFrontEnd();
        await Task.WhenAll(_cluster.SiloProcesses.Select((p, i) => p.WaitReadyAsync(_cluster.Silos[i].HttpUrl, StartTimeout)));
        await _cluster.FrontEnd!.WaitReadyAsync(_cluster.FrontEndUrl, StartTimeout);
    }

    /// <summary>Starts the front end again on the same URL (after a kill or stop) and waits until it is ready.</summary>
    public async Task RestartFrontEndAsync()
    {
        var frontEnd = Cluster.StartFrontEnd();
        await frontEnd.WaitReadyAsync(Cluster.FrontEndUrl, StartTimeout);
    }

    /// <summary>The gateway's registration: typed client and publisher through <c>AddCxmputeClient</c>, to the front end.</summary>
    public ServiceProvider NewServices(Action<AwardPublisherOptions> publisher)
    {
        var services = new ServiceCollection();
        services.AddCxmputeClient(o =>
        {
            o.BaseAddress = new Uri(FrontEndUrl);
            o.ApiKey = ApiKey;
            o.AttemptTimeout = TimeSpan.FromSeconds(30);
            publisher(o.Publisher);
        });
        return services.BuildServiceProvider();
    }

    /// <summary>The last lines of every process, for a failed scenario.</summary>
    public string Tails() => string.Join("\n", Cluster.Processes.Select(p => p.Tail(30)));

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            if (!Failed && Directory.Exists(_cluster.LogDirectory))
            {
                Directory.Delete(_cluster.LogDirectory, recursive: true);
            }
        }

        await _azurite.DisposeAsync();
    }
}
