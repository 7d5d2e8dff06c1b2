using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure;
using Azure.Data.Tables;
using Xunit;

namespace Cxmpute.Testing;

/// <summary>How an <see cref="AzuriteFixture"/> gets its Azurite.</summary>
public sealed record AzuriteOptions
{
    /// <summary>Also start azurite-blob and put BlobEndpoint into the connection string.</summary>
    public bool StartBlob { get; init; }

    /// <summary>
    /// Use the connection string in CXMPUTE_TEST_AZURITE when it is set, instead of starting Azurite.
    /// Fault tests (pause, kill, restart) need their own process and set this to false.
    /// </summary>
    public bool AllowExternal { get; init; } = true;

    /// <summary>How long to wait for Azurite to accept connections and answer.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// An Azurite (Azure Storage emulator) for tests, as an xunit fixture. When CXMPUTE_TEST_AZURITE holds a
/// connection string, that storage is used; otherwise the pinned Azurite in tools/azurite is installed
/// when needed (scripts/ensure-azurite.sh) and started on a free 127.0.0.1 port with a fresh temporary
/// data folder, which DisposeAsync removes after killing the process.
/// </summary>
/// <remarks>
/// Azurite keeps data in memory and saves it every 5 s (and on <see cref="StopAsync"/>): after
/// <see cref="KillAsync"/> the last acknowledged writes may be gone. Use distinct table names per test
/// (<see cref="NewTableName"/>) so tests sharing one fixture do not see each other's rows.
/// </remarks>
public class AzuriteFixture : IAsyncLifetime
{
    public const string ExternalConnectionVariable = "CXMPUTE_TEST_AZURITE";
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development account key (public; not a secret).</summary>
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int StartAttempts = 3;
    private readonly List<AzuriteProcess> _processes = [];
    private string? _connectionString;

    public AzuriteFixture()
        : this(new AzuriteOptions())
    {
    }

    protected AzuriteFixture(AzuriteOptions options) => Options = options;

    public AzuriteOptions Options { get; }

    /// <summary>The storage connection string (set by InitializeAsync).</summary>
    public string ConnectionString =>
        _connectionString ?? throw new InvalidOperationException("The Azurite fixture has not been initialised.");

    /// <summary>True when CXMPUTE_TEST_AZURITE supplied the storage and no process was started.</summary>
    public bool IsExternal { get; private set; }

    /// <summary>Port of the started azurite-table (0 when external).</summary>
    public int TablePort { get; private set; }

    /// <summary>Port of the started azurite-blob, if any.</summary>
    public int? BlobPort { get; private set; }

    /// <summary>Azurite's --location (null when external).</summary>
    public string? DataDirectory { get; private set; }

    /// <summary>PID of the running azurite-table (null when external, killed or stopped).</summary>
    public int? ProcessId => Process("table")?.ProcessId;

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(ExternalConnectionVariable);
        if (Options.AllowExternal && !string.IsNullOrWhiteSpace(external))
        {
            IsExternal = true;
            _connectionString = external.Trim();
            return;
        }

        using var cts = new CancellationTokenSource(Options.StartTimeout + TimeSpan.FromMinutes(5));
        var tableBinary = await AzuriteInstall.EnsureAsync(cts.Token).ConfigureAwait(false);
        DataDirectory = Path.Combine(Path.GetTempPath(), "cxmpute-azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);

        _processes.Add(await StartOnFreePortAsync("table", tableBinary, cts.Token).ConfigureAwait(false));
        TablePort = _processes[0].Port;
        if (Options.StartBlob)
        {
            var blob = await StartOnFreePortAsync(
                "blob", AzuriteInstall.BinaryFor(tableBinary, "blob"), cts.Token).ConfigureAwait(false);
            _processes.Add(blob);
            BlobPort = blob.Port;
        }

        _connectionString = BuildConnectionString(TablePort, BlobPort);
        await WaitUntilAnsweringAsync(Options.StartTimeout).ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.KillAsync().ConfigureAwait(false);
        }

        if (DataDirectory is not null && Directory.Exists(DataDirectory))
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder left behind is harmless.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>The connection string of Azurite's dev account for the given 127.0.0.1 ports.</summary>
    public static string BuildConnectionString(int tablePort, int? blobPort = null) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};"
        + (blobPort is { } bp ? $"BlobEndpoint=http://127.0.0.1:{bp}/{AccountName};" : "")
        + $"TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";

    /// <summary>A unique valid table name starting with <paramref name="prefix"/> (letters and digits kept).</summary>
    public string NewTableName(string prefix = "t") => TableNames.New(prefix);

    public TableServiceClient CreateTableServiceClient(TableClientOptions? options = null) =>
        options is null ? new TableServiceClient(ConnectionString) : new TableServiceClient(ConnectionString, options);

    /// <summary>Creates a table with a fresh unique name and returns its client.</summary>
    public async Task<TableClient> CreateTableAsync(string prefix = "t", CancellationToken cancellationToken = default)
    {
        var table = CreateTableServiceClient().GetTableClient(NewTableName(prefix));
        await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        return table;
    }

    /// <summary>Freezes Azurite (SIGSTOP): connections are accepted by the kernel but never answered.</summary>
    public async Task PauseAsync()
    {
        foreach (var process in Managed())
        {
            await process.SignalAsync("STOP").ConfigureAwait(false);
        }
    }

    /// <summary>Lets a paused Azurite go on (SIGCONT).</summary>
    public void Resume() => ResumeAsync().GetAwaiter().GetResult();

    /// <inheritdoc cref="Resume"/>
    public async Task ResumeAsync()
    {
        foreach (var process in Managed())
        {
            await process.SignalAsync("CONT").ConfigureAwait(false);
        }
    }

    /// <summary>Kills Azurite (SIGKILL). Writes from the last ~5 s may be lost on restart.</summary>
    public async Task KillAsync()
    {
        foreach (var process in Managed())
        {
            await process.KillAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops Azurite cleanly (SIGINT: it saves its data), killing it after <paramref name="timeout"/> (10 s).</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        foreach (var process in Managed())
        {
            await process.StopAsync(timeout ?? TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts Azurite again on the same ports and data folder (killing it first if it still runs) and waits
    /// until it answers. The connection string stays the same.
    /// </summary>
    public async Task RestartAsync()
    {
        using var cts = new CancellationTokenSource(Options.StartTimeout);
        foreach (var process in Managed())
        {
            if (process.ProcessId is not null)
            {
                await process.KillAsync().ConfigureAwait(false);
            }

            await process.StartAsync(Options.StartTimeout, cts.Token).ConfigureAwait(false);
        }

        await WaitUntilAnsweringAsync(Options.StartTimeout).ConfigureAwait(false);
    }

    private List<AzuriteProcess> Managed() =>
        IsExternal
            ? throw new NotSupportedException(
                $"This fixture uses external storage ({ExternalConnectionVariable}); use AzuriteOptions.AllowExternal = false for fault tests.")
            : _processes.Count == 0
                ? throw new InvalidOperationException("The Azurite fixture has not been initialised.")
                : _processes;

    private AzuriteProcess? Process(string service) => _processes.Find(p => p.Service == service);

    private async Task<AzuriteProcess> StartOnFreePortAsync(string service, string binary, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var process = new AzuriteProcess(service, binary, DataDirectory!, FreeLoopbackPort(), ownsLocation: true);
            try
            {
                await process.StartAsync(Options.StartTimeout, ct).ConfigureAwait(false);
                return process;
            }
            catch (AzuriteStartException e) when (e.ExitedEarly && attempt < StartAttempts)
            {
                // Most likely another process took the port between our probe and Azurite's bind: try another.
                await process.KillAsync().ConfigureAwait(false);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Lists tables until Azurite answers a real request (proves the connection string too).</summary>
    private async Task WaitUntilAnsweringAsync(TimeSpan timeout)
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        var client = CreateTableServiceClient(options);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await foreach (var page in client.QueryAsync(filter: (string?)null, maxPerPage: 1).AsPages().ConfigureAwait(false))
                {
                    _ = page;
                    break;
                }

                return;
            }
            catch (RequestFailedException e) when (e.Status is >= 400 and < 500)
            {
                // Not a matter of time: a wrong key or endpoint (403 AuthorizationFailure, 400, 404).
                throw new AzuriteStartException(
                    $"Azurite refused the fixture's table query with {e.Status} {e.ErrorCode}; is the connection string right? {ConnectionString}",
                    e);
            }
            catch (Exception e) when (e is RequestFailedException or HttpRequestException or TaskCanceledException or IOException)
            {
                if (clock.Elapsed > timeout)
                {
                    var output = string.Join("\n", _processes.Select(p => $"azurite-{p.Service}: {p.RecentOutput()}"));
                    throw new AzuriteStartException(
                        $"Azurite accepted connections but did not answer a table query within {timeout.TotalSeconds:0} s: {e.Message}\n{output}",
                        e);
                }

                await Task.Delay(200).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>An <see cref="AzuriteFixture"/> that always starts its own Azurite (ignores CXMPUTE_TEST_AZURITE): for fault tests.</summary>
public class DedicatedAzuriteFixture : AzuriteFixture
{
    public DedicatedAzuriteFixture()
        : base(new AzuriteOptions { AllowExternal = false })
    {
    }
}

/// <summary>An <see cref="AzuriteFixture"/> that also starts azurite-blob (BlobEndpoint in the connection string).</summary>
public class AzuriteWithBlobFixture : AzuriteFixture
{
    public AzuriteWithBlobFixture()
        : base(new AzuriteOptions { StartBlob = true })
    {
    }
}
