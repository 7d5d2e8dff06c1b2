using System.Globalization;

namespace Cxmpute.Testing.Cluster;

/// <summary>
/// Silos (role <c>silo</c>) and a front end (role <c>frontend</c>) as separate processes of the built host, on free loopback
/// ports, clustered through Azure Table membership. Cluster id, service id and every table name are unique to the
/// instance, so clusters sharing one Azurite do not see each other.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly string _apiKey;
    private readonly List<HostProcess> _retired = [];
    private readonly List<IReadOnlyDictionary<string, string>> _siloExtras = [];
    private readonly List<int> _generations = [];
    private int _frontEndGeneration;

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

    /// <summary>The gateway key every process of the cluster is started with.</summary>
    public string ApiKey => _apiKey;

    public string LogDirectory { get; }

    public string ServiceId => ClusterId + "-svc";

    public string MembershipTable { get; }

    /// <summary>The ledger's tables of this cluster (<c>Ledger:JournalTable</c>, <c>Ledger:AccountTable</c>), for the audit.</summary>
    public string JournalTable => MembershipTable + "j";

    public string AccountTable => MembershipTable + "a";

    public List<SiloEndpoints> Silos { get; } = [];

    public List<HostProcess> SiloProcesses { get; } = [];

    public HostProcess? FrontEnd { get; private set; }

    public string FrontEndUrl { get; private set; } = "";

    /// <summary>Every process started, including silos and front ends since replaced (all are killed on dispose).</summary>
    public IEnumerable<HostProcess> Processes => _retired.Concat(FrontEnd is null ? SiloProcesses : SiloProcesses.Append(FrontEnd));

    /// <param name="extraEnvironment">More environment for this silo (kept for its restarts), e.g. <c>Ledger__ClockOffset</c>.</param>
    public HostProcess StartSilo(IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var extras = extraEnvironment ?? new Dictionary<string, string>();
        var (endpoints, silo) = StartSiloProcess(Silos.Count, generation: 0, extras);
        Silos.Add(endpoints);
        SiloProcesses.Add(silo);
        _siloExtras.Add(extras);
        _generations.Add(0);
        return silo;
    }

    /// <summary>
    /// Starts silo <paramref name="index"/> again as a new process on fresh ports with the same settings, after the caller
    /// killed or stopped the old one (kept for disposal). The new silo joins as a new member.
    /// </summary>
    public HostProcess RestartSilo(int index)
    {
        var old = SiloProcesses[index];
        var generation = ++_generations[index];
        var (endpoints, silo) = StartSiloProcess(index, generation, _siloExtras[index]);
        _retired.Add(old);
        Silos[index] = endpoints;
        SiloProcesses[index] = silo;
        return silo;
    }

    private (SiloEndpoints, HostProcess) StartSiloProcess(int index, int generation, IReadOnlyDictionary<string, string> extras)
    {
        var endpoints = new SiloEndpoints(FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var environment = CommonEnvironment();
        environment["CXMPUTE_ROLE"] = "silo";
        environment["CXMPUTE_SILO_PORT"] = endpoints.SiloPort.ToString(CultureInfo.InvariantCulture);
        environment["CXMPUTE_GATEWAY_PORT"] = endpoints.GatewayPort.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in extras)
        {
            environment[key] = value;
        }

        var name = generation == 0 ? $"silo {index + 1}" : $"silo {index + 1} restart {generation}";
        return (endpoints, Start(name, endpoints.HttpUrl, environment));
    }

    /// <summary>Starts the front end; after the first, on the same URL (the old process, killed by the caller, is kept for disposal).</summary>
    public HostProcess StartFrontEnd()
    {
        if (FrontEnd is not null)
        {
            _retired.Add(FrontEnd);
            _frontEndGeneration++;
        }
        else
        {
            FrontEndUrl = $"http://127.0.0.1:{FreePorts.Next()}";
        }

        var environment = CommonEnvironment();
        environment["CXMPUTE_ROLE"] = "frontend";
        FrontEnd = Start(_frontEndGeneration == 0 ? "front end" : $"front end restart {_frontEndGeneration}", FrontEndUrl, environment);
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
        ["Ledger__JournalTable"] = JournalTable,
        ["Ledger__AccountTable"] = AccountTable,
        ["Ledger__CheckpointTable"] = MembershipTable + "c",
        ["Logging__LogLevel__Polly"] = "Warning", // Orleans' placement retries log every call at Information
    };
}

/// <summary>A silo's ports: Orleans silo-to-silo, client gateway, and HTTP (health, Orleans Dashboard).</summary>
public sealed record SiloEndpoints(int SiloPort, int GatewayPort, int HttpPort)
{
    public string HttpUrl => $"http://127.0.0.1:{HttpPort}";
}
