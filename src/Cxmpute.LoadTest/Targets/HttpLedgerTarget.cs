using System.Net;
using System.Net.Http.Headers;
using Cxmpute.LoadTest.Reconcile;

namespace Cxmpute.LoadTest.Targets;

/// <summary>The HTTP contract: <c>POST /api/awards</c> (batch size 1) or <c>POST /api/awards/batch</c>, stats for reconciliation.</summary>
internal sealed class HttpLedgerTarget : ILedgerTarget
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _client;
    private readonly bool _batch;

    private readonly bool _ownsClient;

    public HttpLedgerTarget(HttpClient client, bool batch, bool ownsClient = true)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _batch = batch;
        _ownsClient = ownsClient;
        Describe = $"{(batch ? "POST /api/awards/batch" : "POST /api/awards")} at {client.BaseAddress}";
    }

    /// <summary>A client with one pool of up to <paramref name="connections"/> connections and the API key on every request.</summary>
    public static HttpClient CreateClient(Uri baseAddress, string apiKey, int connections, TimeSpan timeout, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        handler ??= new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, connections),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    public string Describe { get; }

    public HttpClient Client => _client;

    public async Task<int> RegisterProviderAsync(string providerId, decimal vramGb, CancellationToken cancellationToken)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{{\"vramGb\":{vramGb}}}"));
        return (await SendAsync(HttpMethod.Put, $"api/providers/{providerId}", body, cancellationToken)).Status;
    }

    public async Task<int> EnsureUserAsync(string userId, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Put, $"api/user/{userId}", "{}"u8.ToArray(), cancellationToken)).Status;

    public async Task<(int Status, string? Code)> ApplyReferralAsync(string accountId, string referralCode, CancellationToken cancellationToken)
    {
        var path = accountId.StartsWith("prov_", StringComparison.Ordinal) ? $"api/providers/{accountId}/referral" : $"api/user/{accountId}/referral";
        var body = System.Text.Encoding.UTF8.GetBytes($"{{\"referralCode\":\"{referralCode}\"}}");
        var (status, response) = await SendAsync(HttpMethod.Post, path, body, cancellationToken);
        return (status, status == Status.Ok ? null : ResponseReader.ProblemCode(response));
    }

    public async Task<int> SubmitAsync(ReadOnlyMemory<AwardWire> awards, Memory<int> statuses, CancellationToken cancellationToken)
    {
        if (!_batch)
        {
            if (awards.Length != 1)
            {
                throw new ArgumentException("single-award mode sends one award per request", nameof(awards));
            }

            var (status, _) = await SendAsync(HttpMethod.Post, "api/awards", AwardJson.Single(awards.Span[0]), cancellationToken, readBody: false);
            statuses.Span[0] = status;
            return status;
        }

        var (batchStatus, response) = await SendAsync(HttpMethod.Post, "api/awards/batch", AwardJson.Batch(awards.Span), cancellationToken);
        if (batchStatus != Status.Ok)
        {
            statuses.Span.Fill(batchStatus);
            return batchStatus;
        }

        statuses.Span.Fill(Status.Transport);
        if (ResponseReader.BatchStatuses(response, statuses.Span) != awards.Length)
        {
            throw new InvalidOperationException($"the batch response holds a different number of results than the {awards.Length} awards sent");
        }

        return batchStatus;
    }

    public async Task<AccountTotals?> ReadTotalsAsync(string accountId, CancellationToken cancellationToken)
    {
        var path = accountId.StartsWith("prov_", StringComparison.Ordinal) ? $"api/providers/{accountId}/referral-stats" : $"api/user/{accountId}/referral-stats";
        for (var attempt = 1; ; attempt++)
        {
            var (status, body) = await SendAsync(HttpMethod.Get, path, null, cancellationToken);
            if (status == Status.Ok)
            {
                return ResponseReader.Lifetime(body);
            }

            if (status == 404)
            {
                return null;
            }

            if (!Status.IsRetryable(status) || attempt >= 10)
            {
                throw new InvalidOperationException($"GET {path} answered {Status.Name(status)}");
            }

            await Task.Delay(100 * attempt, cancellationToken);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private async Task<(int Status, byte[] Body)> SendAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken, bool readBody = true)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = Json;
        }

        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var status = (int)response.StatusCode;
            var bytes = readBody || status != Status.Ok ? await response.Content.ReadAsByteArrayAsync(cancellationToken) : [];
            return (status, bytes);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (Status.Timeout, []);
        }
        catch (HttpRequestException)
        {
            return (Status.Transport, []);
        }
    }
}
