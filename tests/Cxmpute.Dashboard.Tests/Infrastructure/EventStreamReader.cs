using System.Net;
using System.Text;

namespace Cxmpute.Dashboard.Tests.Infrastructure;

/// <summary>Reads a server-sent event stream block by block (blocks end with a blank line).</summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    private readonly StreamReader _reader;

    private EventStreamReader(HttpResponseMessage response, Stream body)
    {
        Response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public HttpResponseMessage Response { get; }

    /// <summary>Opens the stream and checks that it answered 200 with <c>text/event-stream</c>.</summary>
    public static async Task<EventStreamReader> OpenAsync(HttpClient client, string path, string? key = null)
    {
        var response = await SendAsync(client, path, key);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Fail($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}"); // a problem document, not a stream
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStreamReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>Opens and reads until <c>event: ready</c>, after which the server is subscribed to the account.</summary>
    public static async Task<EventStreamReader> OpenReadyAsync(HttpClient client, string path, string? key = null)
    {
        var reader = await OpenAsync(client, path, key);
        await reader.NextEventAsync("ready", TimeSpan.FromSeconds(10));
        return reader;
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>The next block, comment-only ones included; fails after <paramref name="timeout"/>.</summary>
    public async Task<ServerSentEvent> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        string? name = null, data = null, retry = null;
        var comments = new List<string>();
        try
        {
            while (true)
            {
                var line = await _reader.ReadLineAsync(cancel.Token) ?? throw new EndOfStreamException("The event stream ended.");
                if (line.Length == 0)
                {
                    if (name is null && data is null && retry is null && comments.Count == 0)
                    {
                        continue;
                    }

                    return new ServerSentEvent(name, data, retry, comments);
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
                switch (field)
                {
                    case "": comments.Add(value); break;
                    case "event": name = value; break;
                    case "data": data = data is null ? value : data + "\n" + value; break;
                    case "retry": retry = value; break;
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"No event-stream block within {timeout.TotalSeconds} s.");
        }
    }

    /// <summary>The next event named <paramref name="name"/>, skipping heartbeats and other events.</summary>
    public async Task<ServerSentEvent> NextEventAsync(string name, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No '{name}' event within {timeout.TotalSeconds} s.");
            }

            var next = await NextAsync(left);
            if (next.Event == name)
            {
                return next;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        Response.Dispose();
        await Task.CompletedTask;
    }
}
