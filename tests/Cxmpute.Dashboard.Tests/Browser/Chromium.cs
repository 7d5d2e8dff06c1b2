using System.Diagnostics;
using Cxmpute.Testing;

namespace Cxmpute.Dashboard.Tests.Browser;

/// <summary>
/// Headless Debian Chromium (<c>/usr/bin/chromium</c>, or <c>CXMPUTE_CHROMIUM</c>) with a fresh profile, driven over
/// the DevTools protocol. Started once per test collection; every page gets a browser context of its own (its own
/// storage), so tests never share a session. Never downloads a browser: ./test.sh installs Debian's package.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>The flags that keep Chromium quiet on a closed network and runnable as root in a container.</summary>
    public static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--no-default-browser-check", "--mute-audio", "--hide-scrollbars",
        "--disable-extensions", "--disable-default-apps", "--password-store=basic",
    ];

    private readonly string _profile = Path.Combine(Path.GetTempPath(), "cxmpute-chromium-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    public CdpConnection Connection { get; private set; } = null!;

    public static string ExecutablePath => Environment.GetEnvironmentVariable("CXMPUTE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Where screenshots and the browser's log go: <c>artifacts/screenshots/</c> of the repository.</summary>
    public static string ArtifactsDirectory { get; } = Directory.CreateDirectory(Path.Combine(RepoPaths.Root, "artifacts", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {ExecutablePath}. ./test.sh installs Debian's `chromium` package; or run " +
                "`apt-get install -y chromium`, or set CXMPUTE_CHROMIUM to another Chromium build.");
        }

        Directory.CreateDirectory(_profile);
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var flag in Flags)
        {
            start.ArgumentList.Add(flag);
        }

        start.ArgumentList.Add("--user-data-dir=" + _profile);
        start.ArgumentList.Add("--remote-debugging-port=0");
        start.ArgumentList.Add("about:blank");
        _process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
        var log = new StreamWriter(Path.Combine(ArtifactsDirectory, "chromium.log"), append: false) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) => WriteLog(log, e.Data);
        _process.ErrorDataReceived += (_, e) => WriteLog(log, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        Connection = await CdpConnection.ConnectAsync(await DevToolsEndpointAsync());
    }

    /// <summary>A new tab in a new browser context (fresh session storage), at about:blank.</summary>
    public async Task<BrowserPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = (await Connection.SendAsync("Target.createBrowserContext", new { disposeOnDetach = true }))
            .GetProperty("browserContextId").GetString()!;
        var target = (await Connection.SendAsync("Target.createTarget", new { url = "about:blank", browserContextId = context }))
            .GetProperty("targetId").GetString()!;
        var session = (await Connection.SendAsync("Target.attachToTarget", new { targetId = target, flatten = true }))
            .GetProperty("sessionId").GetString()!;
        var page = new BrowserPage(Connection, context, target, session);
        await page.EnableAsync();
        await page.SetViewportAsync(width, height);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Connection is not null)
        {
            try
            {
                await Connection.SendAsync("Browser.close").WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is CdpException or TimeoutException)
            {
                // killed below
            }

            await Connection.DisposeAsync();
        }

        if (_process is { HasExited: false })
        {
            if (!_process.WaitForExit(5000))
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // a helper process still held a file; the profile is in the temp folder
        }
    }

    private static void WriteLog(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    /// <summary>Chromium writes the port it chose, and the browser's WebSocket path, to DevToolsActivePort in the profile.</summary>
    private async Task<Uri> DevToolsEndpointAsync()
    {
        var file = Path.Combine(_profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"Chromium exited with code {_process.ExitCode}; see {Path.Combine(ArtifactsDirectory, "chromium.log")}.");
            }

            if (File.Exists(file))
            {
                var lines = (await File.ReadAllLinesAsync(file)).Where(l => l.Length > 0).ToArray();
                if (lines.Length >= 2)
                {
                    return new Uri($"ws://127.0.0.1:{lines[0]}{lines[1]}");
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("Chromium did not open its DevTools port within 30 s.");
    }
}
