using System.Diagnostics;
using System.Globalization;
using Cxmpute.Testing;
using Cxmpute.Testing.Cluster;
using Xunit.Abstractions;

namespace Cxmpute.Faults.Tests.Infrastructure;

/// <summary>
/// A <see cref="LocalCluster"/> for one scenario: starts the silos and the front end, waits until they are ready, logs with
/// the elapsed time, prints every process's last lines when the scenario fails, and kills everything on dispose. Full process
/// output goes to <c>artifacts/faults/logs/&lt;scenario&gt;-&lt;time&gt;/</c>, kept when the scenario fails or in the long run.
/// </summary>
public sealed class FaultCluster : IAsyncDisposable
{
    public const string ApiKey = "fault-test-key-8c1e4a7f2d93-b6e05a91c47d";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    private readonly ITestOutputHelper _output;
    private bool _passed;

    private FaultCluster(string connectionString, string scenario, ITestOutputHelper output)
    {
        _output = output;
        ConnectionString = connectionString;
        LogDirectory = Path.Combine(
            RepoPaths.Root, "artifacts", "faults", "logs", $"{scenario}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
        Cluster = new LocalCluster(connectionString, ApiKey, LogDirectory);
    }

    public LocalCluster Cluster { get; }

    public string ConnectionString { get; }

    public string LogDirectory { get; }

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public LedgerHttp Api { get; private set; } = null!;

    /// <summary>Starts <paramref name="silos"/> silos (silo i gets <paramref name="siloEnvironment"/>(i)) and a front end, and waits until all are ready.</summary>
    public static async Task<FaultCluster> StartAsync(
        string connectionString, string scenario, int silos, ITestOutputHelper output, Func<int, IReadOnlyDictionary<string, string>?>? siloEnvironment = null)
    {
        var cluster = new FaultCluster(connectionString, scenario, output);
        try
        {
            for (var i = 0; i < silos; i++)
            {
                cluster.Cluster.StartSilo(siloEnvironment?.Invoke(i));
            }

            cluster.Cluster.StartFrontEnd();
            await cluster.WaitAllReadyAsync();
            cluster.Api = new LedgerHttp(cluster.Cluster.FrontEndUrl, ApiKey);
            cluster.Log($"{silos} silo(s) and the front end ready");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until every current silo and the front end answer /health/ready.</summary>
    public async Task WaitAllReadyAsync()
    {
        var c = Cluster;
        await Task.WhenAll(c.SiloProcesses.Select((p, i) => p.WaitReadyAsync(c.Silos[i].HttpUrl, StartTimeout)));
        await c.FrontEnd!.WaitReadyAsync(c.FrontEndUrl, StartTimeout);
    }

    /// <summary>Restarts the front end on the same URL (after the caller killed it) and waits until it is ready.</summary>
    public async Task RestartFrontEndAsync()
    {
        var frontEnd = Cluster.StartFrontEnd();
        await frontEnd.WaitReadyAsync(Cluster.FrontEndUrl, StartTimeout);
    }

    public void Log(string message) => _output.WriteLine($"[{Clock.Elapsed.TotalSeconds,6:0.0} s] {message}");

    /// <summary>The scenario passed: the process logs are deleted on dispose (except in the long run).</summary>
    public void Passed() => _passed = true;

    public async ValueTask DisposeAsync()
    {
        if (!_passed)
        {
            foreach (var process in Cluster.Processes)
            {
                _output.WriteLine(process.Tail(40));
            }

            _output.WriteLine($"Full output of every process: {LogDirectory}");
        }

        Api?.Dispose();
        await Cluster.DisposeAsync();
        if (_passed && !FaultSettings.IsLongRun && Directory.Exists(LogDirectory))
        {
            Directory.Delete(LogDirectory, recursive: true);
        }
    }
}
