using System.Globalization;
using Cxmpute.Testing;

namespace Cxmpute.Cluster.Tests.Infrastructure;

/// <summary>
/// Silos (role <c>silo</c>) and a front end (role <c>frontend</c>) as separate processes of the built host, on free loopback
/// ports, clustered through Azure Table membership. Cluster id, service id and every table name are unique to the
/// instance, so clusters sharing one Azurite do not see each other.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly string _apiKey;

    /// <param name="logDirectory">Where each process's output is written in full (one file per process).</param>
    public LocalCluster(string connectionString, string apiKey, string logDirectory)
    {
        LogDirectory = logDirectory;
        _connectionString = connectionString;
        _apiKey = apiKey;
        var id = Guid.NewGuid().ToString("N")[..12];
        ClusterId = "cx" + id;
        MembershipTable = "cxm" + id;
    }

    public string ClusterId { get; }

    public string LogDirectory { get; }

    public string ServiceId => ClusterId + "-svc";

    public string MembershipTable { get; }

    public List<SiloEndpoints> Silos { get; } = [];

    public List<HostProcess> SiloProcesses { get; } = [];

    public HostProcess? FrontEnd { get; private set; }

    public string FrontEndUrl { get; private set; } = "";

    public IEnumerable<HostProcess> Processes => FrontEnd is null ? SiloProcesses : SiloProcesses.Append(FrontEnd);

    public HostProcess StartSilo()
    {
        var endpoints = new SiloEndpoints(FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var environment = CommonEnvironment();
        environment["CXMPUTE_ROLE"] = "silo";
        environment["CXMPUTE_SILO_PORT"] = endpoints.SiloPort.ToString(CultureInfo.InvariantCulture);
        environment["CXMPUTE_GATEWAY_PORT"] = endpoints.GatewayPort.ToString(CultureInfo.InvariantCulture);
        var silo = Start($"silo {Silos.Count + 1}", endpoints.HttpUrl, environment);
        Silos.Add(endpoints);
        SiloProcesses.Add(silo);
        return silo;
    }

    public HostProcess StartFrontEnd()
    {
        FrontEndUrl = $"http://127.0.0.1:{FreePorts.Next()}";
        var environment = CommonEnvironment();
        environment["CXMPUTE_ROLE"] = "frontend";
        FrontEnd = Start("front end", FrontEndUrl, environment);
        return FrontEnd;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Processes.Select(p => p.DisposeAsync().AsTask()));
    }

    private HostProcess Start(string name, string url, Dictionary<string, string> environment) =>
        HostProcess.Start(name, "dotnet", [SiloBinary.DllPath, "--urls", url], environment, RepoPaths.Root,
            logFile: Path.Combine(LogDirectory, name.Replace(' ', '-') + ".log"));

    private Dictionary<string, string> CommonEnvironment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["CXMPUTE_API_KEY"] = _apiKey,
        ["CXMPUTE_STORAGE_CONNECTION"] = _connectionString,
        ["CXMPUTE_CLUSTER_ID"] = ClusterId,
        ["CXMPUTE_SERVICE_ID"] = ServiceId,
        ["Cxmpute__Storage__MembershipTable"] = MembershipTable,
        ["Ledger__JournalTable"] = MembershipTable + "j",
        ["Ledger__AccountTable"] = MembershipTable + "a",
        ["Ledger__CheckpointTable"] = MembershipTable + "c",
        ["Logging__LogLevel__Polly"] = "Warning", // Orleans' placement retries log every call at Information
    };
}

/// <summary>A silo's ports: Orleans silo-to-silo, client gateway, and HTTP (health, Orleans Dashboard).</summary>
public sealed record SiloEndpoints(int SiloPort, int GatewayPort, int HttpPort)
{
    public string HttpUrl => $"http://127.0.0.1:{HttpPort}";
}
