using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cxmpute.Dashboard.Tests.Browser;

/// <summary>
/// A Chrome DevTools protocol connection over the browser's WebSocket: numbered commands with their answers, and events
/// (with the flat session id of the page they belong to) handed to <see cref="EventReceived"/> on the reading thread.
/// </summary>
public sealed class CdpConnection : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _closing = new();
    private Task _reading = Task.CompletedTask;
    private int _nextId;

    /// <summary>(session id or null for the browser, method, params). Handlers must not block: they run on the reading loop.</summary>
    public event Action<string?, string, JsonElement>? EventReceived;

    public static async Task<CdpConnection> ConnectAsync(Uri endpoint)
    {
        var connection = new CdpConnection();
        connection._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await connection._socket.ConnectAsync(endpoint, CancellationToken.None);
        connection._reading = Task.Run(connection.ReadLoopAsync);
        return connection;
    }

    public async Task<JsonElement> SendAsync(string method, object? parameters = null, string? sessionId = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject
        {
            ["id"] = id,
            ["method"] = method,
            ["params"] = parameters is null ? new JsonObject() : JsonSerializer.SerializeToNode(parameters),
        };
        if (sessionId is not null)
        {
            message["sessionId"] = sessionId;
        }

        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, _closing.Token);
        }
        finally
        {
            _sendLock.Release();
        }

        try
        {
            return await answer.Task.WaitAsync(CommandTimeout);
        }
        catch (TimeoutException)
        {
            _pending.TryRemove(id, out _);
            throw new CdpException($"{method}: no answer within {CommandTimeout.TotalSeconds} s.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // the browser is already gone
        }

        await _reading.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _closing.Dispose();
        _sendLock.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _closing.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                Dispatch(message.GetBuffer().AsMemory(0, (int)message.Length));
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // closed
        }
        finally
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new CdpException("The DevTools connection closed."));
            }
        }
    }

    private void Dispatch(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("id", out var idElement))
        {
            if (_pending.TryRemove(idElement.GetInt32(), out var answer))
            {
                if (root.TryGetProperty("error", out var error))
                {
                    answer.TrySetException(new CdpException(error.GetRawText()));
                }
                else
                {
                    answer.TrySetResult(root.TryGetProperty("result", out var result) ? result.Clone() : default);
                }
            }

            return;
        }

        if (root.TryGetProperty("method", out var method))
        {
            var sessionId = root.TryGetProperty("sessionId", out var session) ? session.GetString() : null;
            var parameters = root.TryGetProperty("params", out var p) ? p.Clone() : default;
            EventReceived?.Invoke(sessionId, method.GetString()!, parameters);
        }
    }
}
