using System.Net;
using System.Net.Sockets;
using Cxmpute.Grains;
using Cxmpute.Grains.Hosting;
using Cxmpute.LoadTest.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cxmpute.LoadTest.InProc;

/// <summary>
/// A silo in this process with the ledger on memory storage (no durability: the cost of our own code) and the trivial
/// ping grain, with every incoming grain call counted. Calls come from the silo's own client, as in the shared notes'
/// "client in the silo's process" ceiling.
/// </summary>
internal sealed class InProcessSilo : IAsyncDisposable, IServerProbe
{
    private readonly IHost _host;

    private InProcessSilo(IHost host)
    {
        _host = host;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
        Calls = host.Services.GetRequiredService<CallCounter>();
        Metrics = host.Services.GetRequiredService<LedgerMetrics>();
    }

    public IGrainFactory Grains { get; }

    public CallCounter Calls { get; }

    public LedgerMetrics Metrics { get; }

    public string Describe => "in-process LedgerMetrics and /proc/self";

    public static async Task<InProcessSilo> StartAsync(string? configDirectory, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var counter = new CallCounter();
        builder.Services.AddSingleton(counter);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort(), null, "cxmpute-loadtest", "loadtest-" + Guid.NewGuid().ToString("N")[..8]);
            silo.AddIncomingGrainCallFilter(counter);
            silo.AddCxmputeLedger(new LedgerOptions { ConfigDirectory = configDirectory ?? LedgerSiloBuilderExtensions.FindConfigDirectory() });
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new InProcessSilo(host);
    }

    public Task<ProbeSample?> SampleAsync(CancellationToken cancellationToken) =>
        Task.FromResult<ProbeSample?>(new ProbeSample(Metrics.StorageOperations, Metrics.Awards, Metrics.Credits,
            ProcessMemory.ResidentBytes(Environment.ProcessId), new Dictionary<string, double>(), Metrics.RowsWritten));

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
