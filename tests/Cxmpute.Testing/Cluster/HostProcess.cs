using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Cxmpute.Testing.Cluster;

/// <summary>
/// A child process of the test (a silo host or ./run.sh) with its output kept for diagnostics. Dispose kills its whole
/// process tree. With <c>watchdog: true</c> it is started through a small bash wrapper that SIGKILLs it when this test
/// host is gone (a crash or a hang kill skips Dispose), so no silo outlives a test run.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private const int LinesKept = 2000;

    // $0 = the test host's pid; "$@" = the command. The background loop outlives the exec (same pid).
    private const string WatchdogScript =
        "( while kill -0 \"$0\" 2>/dev/null && kill -0 $$ 2>/dev/null; do sleep 1; done; "
        + "kill -0 \"$0\" 2>/dev/null || kill -KILL $$ ) </dev/null >/dev/null 2>&1 & exec \"$@\"";

    private readonly Queue<string> _lines = new();
    private readonly Process _process;
    private StreamWriter? _log;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _exited.Task.IsCompleted;

    public int? ExitCode => HasExited ? _process.ExitCode : null;

    /// <summary>Text printed so far (the last lines), for assertions and failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>. Environment
    /// variables that would change a Cxmpute host's configuration (CXMPUTE_*, ASPNETCORE_*, Cxmpute__*, Ledger__*) are
    /// removed from the inherited environment; <paramref name="environment"/> sets what the test wants.
    /// </summary>
    public static HostProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        string workingDirectory,
        bool watchdog = true,
        string? logFile = null)
    {
        var psi = new ProcessStartInfo(watchdog ? "bash" : fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        if (watchdog)
        {
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(WatchdogScript);
            psi.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            psi.ArgumentList.Add(fileName);
        }

        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        foreach (var key in psi.Environment.Keys.ToList())
        {
            if (key.StartsWith("CXMPUTE_", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Cxmpute__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Ledger__", StringComparison.OrdinalIgnoreCase))
            {
                psi.Environment.Remove(key);
            }
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var host = new HostProcess(name, process);
        if (logFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
            host._log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        }

        process.OutputDataReceived += (_, e) => host.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => host.Remember(e.Data);
        process.Exited += (_, _) => host._exited.TrySetResult();
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {name}: {fileName}");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (process.HasExited)
        {
            host._exited.TrySetResult();
        }

        return host;
    }

    /// <summary>Waits until GET <paramref name="baseUrl"/>/health/ready answers 200; fails when the process exits first.</summary>
    public async Task WaitReadyAsync(string baseUrl, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready.\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(baseUrl + "/health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name} did not answer {baseUrl}/health/ready with 200 within {timeout.TotalSeconds:0} s.\n{Output}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Sends <paramref name="signal"/> (TERM, INT) and waits for the exit; kills the tree after <paramref name="timeout"/>.</summary>
    public async Task<int> StopAsync(string signal, TimeSpan timeout)
    {
        if (!HasExited)
        {
            Signals.Send(_process.Id, signal);
        }

        if (!await WaitForExitAsync(timeout))
        {
            KillTree();
            await WaitForExitAsync(TimeSpan.FromSeconds(10));
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds:0} s of SIG{signal}; killed it.\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGKILL to the process and everything it started.</summary>
    public void KillTree()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        await Task.WhenAny(_exited.Task, Task.Delay(timeout));
        if (!_exited.Task.IsCompleted)
        {
            return false;
        }

        await _process.WaitForExitAsync(); // drains the redirected output
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        KillTree();
        await WaitForExitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        lock (_lines)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    /// <summary>The last <paramref name="count"/> lines of output, headed by the process name.</summary>
    public string Tail(int count = 40)
    {
        string[] lines;
        lock (_lines)
        {
            lines = [.. _lines];
        }

        var sb = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"----- {Name} (pid {_process.Id}) -----");
        foreach (var line in lines.Skip(Math.Max(0, lines.Length - count)))
        {
            sb.AppendLine(line);
        }

        return sb.ToString();
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _log?.WriteLine(line);
            _lines.Enqueue(line);
            while (_lines.Count > LinesKept)
            {
                _lines.Dequeue();
            }
        }
    }
}
