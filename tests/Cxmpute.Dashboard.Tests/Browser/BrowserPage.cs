using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Cxmpute.Dashboard.Tests.Browser;

/// <summary>
/// One tab, in a browser context of its own, driven over the DevTools protocol: navigate, run script, wait for a
/// condition, click and type like a user (real input events), take screenshots, and make requests fail as if the
/// server were down. Records the page's script errors and console errors.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private readonly CdpConnection _connection;
    private readonly string _context;
    private readonly string _target;
    private readonly string _session;
    private readonly ConcurrentQueue<string> _errors = new();
    private volatile bool _failRequests; // else intercepted requests are held: never answered

    internal BrowserPage(CdpConnection connection, string context, string target, string session)
    {
        _connection = connection;
        _context = context;
        _target = target;
        _session = session;
        _connection.EventReceived += OnEvent;
    }

    /// <summary>Uncaught exceptions, <c>console.error</c> calls and the browser's error log entries (failed loads among them).</summary>
    public IReadOnlyCollection<string> Errors => _errors;

    public int Width { get; private set; }

    public Task<JsonElement> SendAsync(string method, object? parameters = null) => _connection.SendAsync(method, parameters, _session);

    internal async Task EnableAsync()
    {
        await SendAsync("Page.enable");
        await SendAsync("Runtime.enable");
        await SendAsync("Log.enable");
        await SendAsync("Emulation.setFocusEmulationEnabled", new { enabled = true });
    }

    public async Task SetViewportAsync(int width, int height)
    {
        Width = width;
        await SendAsync("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile = width < 600 });
    }

    public async Task GotoAsync(string url)
    {
        var result = await SendAsync("Page.navigate", new { url });
        if (result.TryGetProperty("errorText", out var error) && error.GetString() is { Length: > 0 } text)
        {
            throw new CdpException($"Navigating to {url} failed: {text}");
        }

        await WaitForAsync("document.readyState === 'complete'", "the page to load");
    }

    public async Task ReloadAsync()
    {
        await SendAsync("Page.reload");
        await Task.Delay(100);
        await WaitForAsync("document.readyState === 'complete'", "the page to reload");
    }

    /// <summary>Runs <paramref name="expression"/> (promises awaited) and returns its value, as JSON, converted to <typeparamref name="T"/>.</summary>
    public async Task<T> EvaluateAsync<T>(string expression)
    {
        var value = await EvaluateAsync(expression);
        return value.ValueKind == JsonValueKind.Undefined ? default! : value.Deserialize<T>()!;
    }

    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true });
        if (result.TryGetProperty("exceptionDetails", out var exception))
        {
            throw new CdpException($"Script failed: {expression}\n{exception.GetRawText()}");
        }

        return result.GetProperty("result").TryGetProperty("value", out var value) ? value : default;
    }

    /// <summary>Waits until the script <paramref name="condition"/> is truthy; on timeout fails with the page's state and a screenshot.</summary>
    public async Task WaitForAsync(string condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultWait;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await EvaluateAsync<bool>($"!!({condition})"))
                {
                    return;
                }
            }
            catch (CdpException) when (clock.Elapsed < limit)
            {
                // the page is navigating: its context changed under the evaluation
            }

            if (clock.Elapsed >= limit)
            {
                var shot = await ScreenshotAsync("failure-" + DateTime.UtcNow.ToString("HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture));
                var state = await EvaluateAsync<string>(
                    "JSON.stringify({ state: document.body && document.body.dataset, problem: (document.getElementById('problem') || {}).textContent, " +
                    "notice: (document.getElementById('notice') || {}).textContent })");
                throw new TimeoutException(
                    $"Waited {limit.TotalSeconds} s for {what} ({condition}). Page: {state}. Errors: [{string.Join(" | ", _errors)}]. Screenshot: {shot}");
            }

            await Task.Delay(50);
        }
    }

    public Task<string> TextAsync(string selector) =>
        EvaluateAsync<string>($"(document.querySelector({Js(selector)}) || {{ textContent: null }}).textContent");

    public Task<bool> IsVisibleAsync(string selector) =>
        EvaluateAsync<bool>($"(() => {{ const e = document.querySelector({Js(selector)}); return !!e && e.getClientRects().length > 0; }})()");

    /// <summary>Clicks the middle of the element with real mouse events, after scrolling it into view.</summary>
    public async Task ClickAsync(string selector)
    {
        var box = await EvaluateAsync(
            $"(() => {{ const e = document.querySelector({Js(selector)}); if (!e) return null; e.scrollIntoView({{ block: 'center' }}); " +
            "const r = e.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width, h: r.height }; })()");
        if (box.ValueKind != JsonValueKind.Object || box.GetProperty("w").GetDouble() == 0)
        {
            throw new CdpException($"Cannot click {selector}: not found or not visible.");
        }

        var x = box.GetProperty("x").GetDouble();
        var y = box.GetProperty("y").GetDouble();
        await SendAsync("Input.dispatchMouseEvent", new { type = "mouseMoved", x, y });
        await SendAsync("Input.dispatchMouseEvent", new { type = "mousePressed", x, y, button = "left", clickCount = 1 });
        await SendAsync("Input.dispatchMouseEvent", new { type = "mouseReleased", x, y, button = "left", clickCount = 1 });
    }

    /// <summary>Focuses the field, clears it and types <paramref name="text"/> as keyboard input.</summary>
    public async Task TypeAsync(string selector, string text)
    {
        var found = await EvaluateAsync<bool>($"(() => {{ const e = document.querySelector({Js(selector)}); if (!e) return false; e.focus(); e.select(); return true; }})()");
        if (!found)
        {
            throw new CdpException($"Cannot type into {selector}: not found.");
        }

        await SendAsync("Input.insertText", new { text });
    }

    /// <summary>A full-page PNG under artifacts/screenshots; returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var height = await EvaluateAsync<double>("Math.ceil(document.documentElement.scrollHeight)");
        var shot = await SendAsync("Page.captureScreenshot", new
        {
            format = "png",
            captureBeyondViewport = true,
            clip = new { x = 0, y = 0, width = Width, height = Math.Max(height, 100), scale = 1 },
        });
        var path = Path.Combine(Chromium.ArtifactsDirectory, name + ".png");
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot.GetProperty("data").GetString()!));
        return path;
    }

    /// <summary>From now on, every request to a URL matching <paramref name="urlPattern"/> fails as if the connection were refused.</summary>
    public async Task FailRequestsAsync(string urlPattern)
    {
        _failRequests = true;
        await SendAsync("Fetch.enable", new { patterns = new[] { new { urlPattern } } });
    }

    /// <summary>From now on, requests to a URL matching <paramref name="urlPattern"/> get no answer at all (a server that hangs).</summary>
    public async Task HoldRequestsAsync(string urlPattern)
    {
        _failRequests = false;
        await SendAsync("Fetch.enable", new { patterns = new[] { new { urlPattern } } });
    }

    public async Task StopFailingRequestsAsync()
    {
        _failRequests = false;
        await SendAsync("Fetch.disable");
    }

    public async Task GrantClipboardAsync(string origin) =>
        await _connection.SendAsync("Browser.grantPermissions", new
        {
            origin,
            browserContextId = _context,
            permissions = new[] { "clipboardReadWrite", "clipboardSanitizedWrite" },
        });

    public void ClearErrors() => _errors.Clear();

    public async ValueTask DisposeAsync()
    {
        _connection.EventReceived -= OnEvent;
        try
        {
            await _connection.SendAsync("Target.closeTarget", new { targetId = _target });
            await _connection.SendAsync("Target.disposeBrowserContext", new { browserContextId = _context });
        }
        catch (CdpException)
        {
            // the browser is closing
        }
    }

    /// <summary>A JavaScript string literal of <paramref name="text"/>.</summary>
    public static string Js(string text) => JsonSerializer.Serialize(text);

    private void OnEvent(string? session, string method, JsonElement parameters)
    {
        if (session != _session)
        {
            return;
        }

        switch (method)
        {
            case "Runtime.exceptionThrown":
                var details = parameters.GetProperty("exceptionDetails");
                _errors.Enqueue("exception: " + (details.TryGetProperty("exception", out var ex) && ex.TryGetProperty("description", out var d)
                    ? d.GetString() : details.GetProperty("text").GetString()));
                break;
            case "Runtime.consoleAPICalled" when parameters.GetProperty("type").GetString() == "error":
                _errors.Enqueue("console.error: " + string.Join(" ", parameters.GetProperty("args").EnumerateArray()
                    .Select(a => a.TryGetProperty("value", out var v) ? v.ToString() : a.TryGetProperty("description", out var s) ? s.GetString() : "?")));
                break;
            case "Log.entryAdded" when parameters.GetProperty("entry").GetProperty("level").GetString() == "error":
                var entry = parameters.GetProperty("entry");
                _errors.Enqueue($"log: {entry.GetProperty("text").GetString()} {(entry.TryGetProperty("url", out var url) ? url.GetString() : "")}");
                break;
            case "Fetch.requestPaused" when _failRequests:
                var requestId = parameters.GetProperty("requestId").GetString();
                _ = SendAsync("Fetch.failRequest", new { requestId, errorReason = "ConnectionRefused" });
                break;
        }
    }
}
