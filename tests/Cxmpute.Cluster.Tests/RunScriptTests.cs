using System.Diagnostics;
using System.Globalization;
using Cxmpute.Testing;
using Cxmpute.Testing.Cluster;
using Xunit.Abstractions;

namespace Cxmpute.Cluster.Tests;

/// <summary>
/// ./run.sh itself, on a fresh temporary data folder and free ports: ready within 60 s, serves an award posted with the
/// Development key, stops everything on SIGINT (Ctrl-C), finds the data again on the next start (accounts in table
/// storage, journal pages in blob storage), and refuses to start that data folder with its journals elsewhere.
/// </summary>
public sealed class RunScriptTests(ITestOutputHelper output) : IDisposable
{
    private const string DevKey = "dev-key-change-me";
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(60);
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "cxmpute-run-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly List<HostProcess> _started = [];

    [Fact]
    public async Task Run_sh_serves_within_60_s_and_keeps_the_data_across_a_restart()
    {
        var clock = Stopwatch.StartNew();
        var ports = new RunPorts(FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var run = Guid.NewGuid().ToString("N")[..8];
        var user = $"usr_r{run}";
        var provider = $"prov_r{run}";
        var awardId = $"run-{run}";

        // --- first start, on an empty data folder ---
        var first = await StartRunShAsync(ports, clock);
        Assert.Contains($"{ports.ApiUrl}/openapi/v1.json", first.Output, StringComparison.Ordinal);
        Assert.Contains($"{ports.ApiUrl}/dashboard", first.Output, StringComparison.Ordinal);
        Assert.Contains($"curl -s -X POST -H \"X-Api-Key: {DevKey}\" {ports.ApiUrl}/api/awards", first.Output, StringComparison.Ordinal);
        Assert.Contains("Journal pages in Blob storage.", first.Output, StringComparison.Ordinal);

        decimal userTotal, providerTotal;
        using (var api = new LedgerHttp(ports.ApiUrl, DevKey))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            await api.RegisterProviderAsync(provider, 24, deadline);
            var ack = await api.AwardAsync(
                $$"""{"awardId":"{{awardId}}","service":"chat","userId":"{{user}}","providerId":"{{provider}}","model":"Llama3-70B","tokens":1000,"latencyMs":1500}""",
                deadline);
            Assert.False(ack.Duplicate);
            userTotal = ack.Credits.Single(c => c.AccountId == user).Amount;
            providerTotal = ack.Credits.Single(c => c.AccountId == provider).Amount;
            Assert.Equal(2m, userTotal);       // the source document's worked example: 1 + 1000 × 0.001
            Assert.Equal(0.4125m, providerTotal);
            Assert.Equal(userTotal, await api.LifetimeTotalAsync(user, deadline));
            Assert.Equal(providerTotal, await api.LifetimeTotalAsync(provider, deadline));
        }

        var children = ChildrenOf(first);
        Assert.NotEmpty(children);
        await StopRunShAsync(first, ports, children, clock);

        // --- second start, same data folder: the award is still there ---
        var second = await StartRunShAsync(ports, clock);
        using (var api = new LedgerHttp(ports.ApiUrl, DevKey))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            Assert.Equal(userTotal, await api.LifetimeTotalAsync(user, deadline));
            Assert.Equal(providerTotal, await api.LifetimeTotalAsync(provider, deadline));
            var history = await api.HistoryAsync(provider, deadline);
            Assert.Equal(awardId, Assert.Single(history).AwardId);
            var again = await api.AwardAsync(
                $$"""{"awardId":"{{awardId}}","service":"chat","userId":"{{user}}","providerId":"{{provider}}","model":"Llama3-70B","tokens":1000,"latencyMs":1500}""",
                deadline);
            Assert.True(again.Duplicate, "the award id is remembered across the restart");
        }

        await StopRunShAsync(second, ports, ChildrenOf(second), clock);

        // --- the data folder keeps its journal layout: starting it with table storage only is refused ---
        var (code, refusal) = await RunToEndAsync(ports, ("CXMPUTE_AZURITE_BLOB", "0"));
        Assert.NotEqual(0, code);
        Assert.Contains("keeps its journals in Blob storage; start with CXMPUTE_AZURITE_BLOB=1", refusal, StringComparison.Ordinal);
        Assert.False(FreePorts.InUse(ports.Azurite), "no Azurite was started");
    }

    /// <summary>Runs run.sh on this test's data folder until it exits by itself; its exit code and output.</summary>
    private async Task<(int Code, string Output)> RunToEndAsync(RunPorts ports, params (string Name, string Value)[] extra)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "run.sh"), "--urls", ports.ApiUrl])
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CXMPUTE_DATA_DIR"] = _dataDir;
        start.Environment["CXMPUTE_AZURITE_PORT"] = ports.Azurite.ToString(CultureInfo.InvariantCulture);
        start.Environment["CXMPUTE_AZURITE_BLOB_PORT"] = ports.AzuriteBlob.ToString(CultureInfo.InvariantCulture);
        start.Environment["CXMPUTE_CONFIGURATION"] = SiloBinary.Configuration;
        start.Environment["CXMPUTE_BUILD"] = "never";
        foreach (var (name, value) in extra)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var text = await stdout + await stderr;
        output.WriteLine(text);
        return (process.ExitCode, text);
    }

    public void Dispose()
    {
        foreach (var process in _started)
        {
            if (!process.HasExited)
            {
                output.WriteLine(process.Tail(60));
            }

            process.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private async Task<HostProcess> StartRunShAsync(RunPorts ports, Stopwatch clock)
    {
        var environment = new Dictionary<string, string>
        {
            ["CXMPUTE_DATA_DIR"] = _dataDir,
            ["CXMPUTE_AZURITE_PORT"] = ports.Azurite.ToString(CultureInfo.InvariantCulture),
            ["CXMPUTE_AZURITE_BLOB_PORT"] = ports.AzuriteBlob.ToString(CultureInfo.InvariantCulture),
            ["CXMPUTE_SILO_PORT"] = ports.Silo.ToString(CultureInfo.InvariantCulture),
            ["CXMPUTE_GATEWAY_PORT"] = ports.Gateway.ToString(CultureInfo.InvariantCulture),
            // The silo this test assembly was built with (the project reference builds it); no build inside the test.
            ["CXMPUTE_CONFIGURATION"] = SiloBinary.Configuration,
            ["CXMPUTE_BUILD"] = "never",
            // run.sh stops everything it started when this test host is gone.
            ["CXMPUTE_RUN_WATCH_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        };
        _ = SiloBinary.DllPath; // fails early with a clear message when the silo is not built
        var started = clock.Elapsed;
        var process = HostProcess.Start(
            // Through `env --default-signal=INT`: a test run started in the background by a shell without job control
            // inherits SIGINT ignored, and bash cannot trap a signal ignored on entry, so Ctrl-C (SIGINT) would do nothing.
            "run.sh", "env", ["--default-signal=INT", "bash", Path.Combine(RepoPaths.Root, "run.sh"), "--urls", ports.ApiUrl], environment, RepoPaths.Root, watchdog: false);
        _started.Add(process);
        await process.WaitReadyAsync(ports.ApiUrl, ReadyWithin);
        await WaitForOutputAsync(process, "Ctrl-C stops everything.", TimeSpan.FromSeconds(10));
        output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] run.sh ready after {(clock.Elapsed - started).TotalSeconds:0.0} s");
        return process;
    }

    private async Task StopRunShAsync(HostProcess process, RunPorts ports, List<int> children, Stopwatch clock)
    {
        var code = await process.StopAsync("INT", TimeSpan.FromSeconds(60));
        output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] run.sh exited with {code} after SIGINT");
        Assert.Equal(130, code);
        Assert.Contains("azurite-table stopped", process.Output, StringComparison.Ordinal);
        Assert.Contains("azurite-blob stopped", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(children, Signals.IsAlive);
        Assert.False(FreePorts.InUse(ports.Http), "the API port is closed");
        Assert.False(FreePorts.InUse(ports.Azurite), "Azurite's port is closed");
        Assert.False(FreePorts.InUse(ports.AzuriteBlob), "azurite-blob's port is closed");
        Assert.False(FreePorts.InUse(ports.Gateway), "the gateway port is closed");
    }

    /// <summary>The processes run.sh started (the silo, Azurite, its watchdog): every process whose parent it is, from /proc.</summary>
    private static List<int> ChildrenOf(HostProcess process)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == process.Pid)
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
                // gone meanwhile
            }
        }

        return children;
    }

    private static async Task WaitForOutputAsync(HostProcess process, string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!process.Output.Contains(text, StringComparison.Ordinal))
        {
            if (clock.Elapsed > timeout || process.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"run.sh did not print '{text}'.\n{process.Output}");
            }

            await Task.Delay(100);
        }
    }

    private sealed record RunPorts(int Http, int Azurite, int Silo, int Gateway, int AzuriteBlob)
    {
        public string ApiUrl => $"http://127.0.0.1:{Http}";
    }
}
