using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cxmpute.Testing;

/// <summary>One Azurite service process (azurite-table or azurite-blob) on 127.0.0.1.</summary>
internal sealed class AzuriteProcess(string service, string binary, string location, int port, bool ownsLocation)
{
    private const int OutputLinesKept = 40;
    private readonly Queue<string> _output = new();
    private Process? _process;

    public string Service { get; } = service;
    public int Port { get; } = port;
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    public async Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException($"azurite-{Service} is already running (pid {_process.Id}).");
        }

        var psi = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var arg in new[]
                 {
                     "--location", location,
                     $"--{Service}Host", "127.0.0.1",
                     $"--{Service}Port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--disableTelemetry",
                     "--silent",
                 })
        {
            psi.ArgumentList.Add(arg);
        }

        // The watchdog stops Azurite when this test host is gone (crash, blame-hang kill), so no orphan stays.
        var watchdog = Path.Combine(RepoPaths.Root, "scripts", "azurite-watchdog.cjs");
        if (File.Exists(watchdog))
        {
            var existing = Environment.GetEnvironmentVariable("NODE_OPTIONS");
            psi.Environment["NODE_OPTIONS"] = (string.IsNullOrEmpty(existing) ? "" : existing + " ")
                + $"--require \"{watchdog}\"";
            psi.Environment["CXMPUTE_AZURITE_WATCH_PID"] =
                Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (ownsLocation)
            {
                psi.Environment["CXMPUTE_AZURITE_CLEANUP_DIR"] = location;
            }
        }

        lock (_output)
        {
            _output.Clear();
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {binary}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new AzuriteStartException(
                    $"azurite-{Service} exited with code {process.ExitCode} before listening on 127.0.0.1:{Port}. Output:\n{RecentOutput()}",
                    exitedEarly: true);
            }

            if (await PortAcceptsAsync(Port, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (deadline.Elapsed > timeout)
            {
                await KillAsync().ConfigureAwait(false);
                throw new AzuriteStartException(
                    $"azurite-{Service} did not accept connections on 127.0.0.1:{Port} within {timeout.TotalSeconds:0} s. Output:\n{RecentOutput()}",
                    exitedEarly: false);
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>SIGKILL (the whole process tree); no data is saved.</summary>
    public async Task KillAsync()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        _process = null;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>SIGINT: Azurite closes and saves its data; SIGKILL if it takes longer than <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            await SignalAsync("CONT").ConfigureAwait(false);
            await SignalAsync("INT").ConfigureAwait(false);
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Fall through to the kill.
            }
        }

        await KillAsync().ConfigureAwait(false);
    }

    /// <summary>Sends a signal by name (STOP, CONT, INT, ...) with the shell's kill.</summary>
    public async Task SignalAsync(string signal)
    {
        var pid = ProcessId ?? throw new InvalidOperationException($"azurite-{Service} is not running.");
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("kill -s \"$0\" \"$1\"");
        psi.ArgumentList.Add(signal);
        psi.ArgumentList.Add(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var kill = Process.Start(psi) ?? throw new InvalidOperationException("Could not start /bin/sh.");
        var stderr = await kill.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await kill.WaitForExitAsync().ConfigureAwait(false);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -s {signal} {pid} failed: {stderr.Trim()}");
        }
    }

    public string RecentOutput()
    {
        lock (_output)
        {
            return _output.Count == 0 ? "(no output)" : string.Join('\n', _output);
        }
    }

    internal static async Task<bool> PortAcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > OutputLinesKept)
            {
                _output.Dequeue();
            }
        }
    }
}

/// <summary>Azurite did not start.</summary>
public sealed class AzuriteStartException : Exception
{
    public AzuriteStartException(string message, bool exitedEarly)
        : base(message) => ExitedEarly = exitedEarly;

    public AzuriteStartException()
    {
    }

    public AzuriteStartException(string message)
        : base(message)
    {
    }

    public AzuriteStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The process exited before listening (for example, the port was taken).</summary>
    public bool ExitedEarly { get; }
}

/// <summary>Runs scripts/ensure-azurite.sh and returns the azurite-table path.</summary>
internal static class AzuriteInstall
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _tableBinary;

    public static async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_tableBinary is not null)
            {
                return _tableBinary;
            }

            var script = Path.Combine(RepoPaths.Root, "scripts", "ensure-azurite.sh");
            var psi = new ProcessStartInfo("bash")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            psi.ArgumentList.Add(script);
            using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start bash.");
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var output = (await stdout.ConfigureAwait(false)).Trim();
            var errors = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"{script} failed with exit code {process.ExitCode}:\n{errors}");
            }

            var path = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            if (path is null || !File.Exists(path))
            {
                throw new InvalidOperationException(
                    $"{script} printed no usable azurite-table path (stdout: '{output}', stderr: '{errors}').");
            }

            _tableBinary = path;
            return path;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static string BinaryFor(string tableBinary, string service) =>
        Path.Combine(Path.GetDirectoryName(tableBinary)!, "azurite-" + service);
}
