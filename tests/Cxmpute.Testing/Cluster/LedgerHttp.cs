using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Cxmpute.Testing.Cluster;

/// <summary>The HTTP API of a running front end, with retries for what a client must retry (503, timeouts, resets).</summary>
public sealed class LedgerHttp(string baseUrl, string apiKey) : IDisposable
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(300);
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Retries (transient failures) so far.</summary>
    public int Retries => _retries;

    private int _retries;

    /// <summary>Failed attempts so far by kind: the HTTP status ("503", "500", ...) or "no answer" (timeout, reset, refused).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, int> Failures { get; } = new(StringComparer.Ordinal);

    public void Dispose() => _http.Dispose();

    /// <summary>PUT /api/providers/{id} {"vramGb": n}.</summary>
    public Task RegisterProviderAsync(string providerId, decimal vramGb, DateTime deadline) =>
        SendAsync(HttpMethod.Put, $"/api/providers/{providerId}", $"{{\"vramGb\": {vramGb}}}", deadline);

    /// <summary>PUT /api/user/{id} {}.</summary>
    public Task RegisterUserAsync(string userId, DateTime deadline) =>
        SendAsync(HttpMethod.Put, $"/api/user/{userId}", "{}", deadline);

    /// <summary>POST .../referral; returns the direct bonus credited to <paramref name="referralCode"/>.</summary>
    public async Task<Credit> ApplyReferralAsync(string accountId, string referralCode, DateTime deadline)
    {
        var path = accountId.StartsWith("usr_", StringComparison.Ordinal) ? $"/api/user/{accountId}/referral" : $"/api/providers/{accountId}/referral";
        using var body = await SendAsync(HttpMethod.Post, path, $"{{\"referralCode\": \"{referralCode}\"}}", deadline);
        var root = body.RootElement;
        Assert.Equal(referralCode, root.GetProperty("referredBy").GetString());
        return new(referralCode, $"referral:{accountId}", "direct", root.GetProperty("directBonus").GetDecimal(), accountId);
    }

    /// <summary>POST /api/awards with <paramref name="body"/>, sent again unchanged until it is acknowledged.</summary>
    public async Task<AwardAck> AwardAsync(string body, DateTime deadline) => (await AwardCountingAsync(body, deadline)).Ack;

    /// <summary>As <see cref="AwardAsync"/>; also how many attempts failed (503, 5xx, timeouts, resets) before the acknowledgement.</summary>
    public async Task<(AwardAck Ack, int FailedAttempts)> AwardCountingAsync(string body, DateTime deadline, CancellationToken cancellationToken = default)
    {
        var (document, failures) = await SendCountingAsync(HttpMethod.Post, "/api/awards", body, deadline, cancellationToken);
        using (document)
        {
            return (AwardAck.Parse(document.RootElement), failures);
        }
    }

    /// <summary>POST <paramref name="path"/> with a JSON body, retried unchanged until a 2xx (see <see cref="SendAsync"/>); the caller disposes the answer.</summary>
    public Task<JsonDocument> PostJsonAsync(string path, string body, DateTime deadline) => SendAsync(HttpMethod.Post, path, body, deadline);

    /// <summary>GET <paramref name="path"/>, retried until a 2xx; the caller disposes the answer.</summary>
    public Task<JsonDocument> GetJsonAsync(string path, DateTime deadline) => SendAsync(HttpMethod.Get, path, null, deadline);

    /// <summary>GET referral-stats of the account; the caller disposes the answer.</summary>
    public Task<JsonDocument> StatsAsync(string accountId, DateTime deadline) =>
        SendAsync(HttpMethod.Get, $"{AccountPath(accountId)}/referral-stats", null, deadline);

    /// <summary>One POST, not retried: status, body, Retry-After (as sent) and how long the answer took; null status when no answer came.</summary>
    public async Task<HttpAttempt> PostOnceAsync(string path, string body, TimeSpan timeout)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", apiKey);
        using var cts = new CancellationTokenSource(timeout);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, cts.Token);
            var text = await response.Content.ReadAsStringAsync(cts.Token);
            return new((int)response.StatusCode, text, response.Content.Headers.ContentType?.MediaType, response.Headers.RetryAfter?.ToString(), clock.Elapsed, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new(null, "", null, null, clock.Elapsed, e.Message);
        }
    }

    /// <summary>GET referral-stats; returns lifetime.total.</summary>
    public async Task<decimal> LifetimeTotalAsync(string accountId, DateTime deadline)
    {
        using var document = await SendAsync(HttpMethod.Get, $"{AccountPath(accountId)}/referral-stats", null, deadline);
        return document.RootElement.GetProperty("lifetime").GetProperty("total").GetDecimal();
    }

    /// <summary>Every entry of the account's rewards history (all pages).</summary>
    public async Task<List<Credit>> HistoryAsync(string accountId, DateTime deadline)
    {
        var entries = new List<Credit>();
        string? cursor = null;
        do
        {
            var query = "limit=1000" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            using var document = await SendAsync(HttpMethod.Get, $"{AccountPath(accountId)}/rewards?{query}", null, deadline);
            foreach (var entry in document.RootElement.GetProperty("entries").EnumerateArray())
            {
                entries.Add(new(
                    accountId,
                    entry.GetProperty("awardId").GetString()!,
                    entry.GetProperty("kind").GetString()!,
                    entry.GetProperty("amount").GetDecimal(),
                    entry.GetProperty("sourceAccountId").GetString()!));
            }

            var next = document.RootElement.GetProperty("cursor");
            cursor = next.ValueKind == JsonValueKind.Null ? null : next.GetString();
        }
        while (cursor is not null);

        return entries;
    }

    private static string AccountPath(string accountId) =>
        accountId.StartsWith("usr_", StringComparison.Ordinal) ? $"/api/user/{accountId}" : $"/api/providers/{accountId}";

    /// <summary>
    /// Sends until a definite answer: 2xx returns the body; 503, 5xx gateway errors, timeouts and connection failures are
    /// retried with the same body until <paramref name="deadline"/>; any other status fails the test.
    /// </summary>
    private async Task<JsonDocument> SendAsync(HttpMethod method, string path, string? body, DateTime deadline) =>
        (await SendCountingAsync(method, path, body, deadline)).Document;

    private async Task<(JsonDocument Document, int Failures)> SendCountingAsync(
        HttpMethod method, string path, string? body, DateTime deadline, CancellationToken cancellationToken = default)
    {
        var failures = 0;
        string? lastProblem = null;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            request.Headers.Add("X-Api-Key", apiKey); // reads too: outside Development they need a credential

            try
            {
                using var response = await _http.SendAsync(request, cancellationToken);
                var text = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode)
                {
                    return (JsonDocument.Parse(text), failures);
                }

                if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout or HttpStatusCode.InternalServerError))
                {
                    throw new Xunit.Sdk.XunitException($"{method} {path} answered {(int)response.StatusCode}: {text}\nbody: {body}");
                }

                lastProblem = $"{(int)response.StatusCode}: {text}";
                Failures.AddOrUpdate(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                lastProblem = e.Message;
                Failures.AddOrUpdate("no answer", 1, (_, n) => n + 1);
            }

            failures++;
            Interlocked.Increment(ref _retries);
            await Task.Delay(RetryPause, cancellationToken);
        }

        throw new TimeoutException($"{method} {path} was not answered with success before the deadline; last: {lastProblem}\nbody: {body}");
    }
}

/// <summary>One HTTP attempt: <see cref="Status"/> null when no answer came (<see cref="Failure"/> says why).</summary>
public sealed record HttpAttempt(int? Status, string Body, string? ContentType, string? RetryAfter, TimeSpan Elapsed, string? Failure);
