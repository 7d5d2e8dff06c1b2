using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Cxmpute.Client;

/// <summary>
/// A typed call for every operation of <c>/openapi/v1.json</c>. An error answer throws <see cref="CxmputeApiException"/> with the
/// contract's code. Retries, timeouts and circuit breaking come from the <see cref="HttpClient"/>'s handlers (see
/// <see cref="CxmputeClientServiceCollectionExtensions.AddCxmputeClient"/>); this class sends each request once.
/// </summary>
/// <param name="http">An <see cref="HttpClient"/> whose base address is the API's origin and which sends the key (the registration sets both).</param>
public sealed class CxmputeClient(HttpClient http)
{
    private static readonly CxmputeJsonContext Json = CxmputeJsonContext.Default;

    /// <summary>The underlying client.</summary>
    public HttpClient Http { get; } = http ?? throw new ArgumentNullException(nameof(http));

    /// <summary>Credits one served request. Sending the same award again credits nothing more (<see cref="AwardResult.Duplicate"/>).</summary>
    [OperationId("PostAward")]
    public Task<AwardResult> PostAwardAsync(Award award, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "api/awards", award, Json.Award, Json.AwardResult, cancellationToken);

    /// <summary>Credits up to 1,000 served requests; each item succeeds or fails on its own (item errors are in the result, not thrown).</summary>
    [OperationId("PostAwardBatch")]
    public Task<AwardBatchResult> PostAwardBatchAsync(IReadOnlyList<Award> awards, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "api/awards/batch", new AwardBatchRequest(awards), Json.AwardBatchRequest, Json.AwardBatchResult, cancellationToken);

    /// <summary>Registers (or re-registers) a provider's hardware.</summary>
    [OperationId("RegisterProvider")]
    public Task<ProviderRegistration> RegisterProviderAsync(string providerId, decimal vramGb, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"api/providers/{Escape(providerId)}", new ProviderRegistrationRequest(vramGb),
            Json.ProviderRegistrationRequest, Json.ProviderRegistration, cancellationToken);

    /// <summary>Creates a user account (idempotent).</summary>
    [OperationId("RegisterUser")]
    public Task<UserRegistration> RegisterUserAsync(string userId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"api/user/{Escape(userId)}", new EmptyRequest(), Json.EmptyRequest, Json.UserRegistration, cancellationToken);

    /// <summary>Applies a provider referral code to a provider (once, permanently).</summary>
    [OperationId("ApplyProviderReferral")]
    public Task<ReferralApplied> ApplyProviderReferralAsync(string providerId, string referralCode, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/providers/{Escape(providerId)}/referral", new ReferralRequest(referralCode),
            Json.ReferralRequest, Json.ReferralApplied, cancellationToken);

    /// <summary>Applies a user referral code to a user (once, permanently).</summary>
    [OperationId("ApplyUserReferral")]
    public Task<ReferralApplied> ApplyUserReferralAsync(string userId, string referralCode, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/user/{Escape(userId)}/referral", new ReferralRequest(referralCode),
            Json.ReferralRequest, Json.ReferralApplied, cancellationToken);

    /// <summary>A provider's earnings, referral network and 30-day history.</summary>
    [OperationId("GetProviderReferralStats")]
    public Task<ProviderStats> GetProviderReferralStatsAsync(string providerId, CancellationToken cancellationToken = default) =>
        GetAsync($"api/providers/{Escape(providerId)}/referral-stats", Json.ProviderStats, cancellationToken);

    /// <summary>A user's usage points, referral network and 30-day history.</summary>
    [OperationId("GetUserReferralStats")]
    public Task<UserStats> GetUserReferralStatsAsync(string userId, CancellationToken cancellationToken = default) =>
        GetAsync($"api/user/{Escape(userId)}/referral-stats", Json.UserStats, cancellationToken);

    /// <summary>A page of a provider's ledger, newest first (<paramref name="limit"/> 1–1000, default 100; <paramref name="cursor"/> from the previous page).</summary>
    [OperationId("GetProviderRewards")]
    public Task<LedgerPage> GetProviderRewardsAsync(string providerId, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        GetAsync($"api/providers/{Escape(providerId)}/rewards{Page(limit, cursor)}", Json.LedgerPage, cancellationToken);

    /// <summary>A page of a user's ledger, newest first (<paramref name="limit"/> 1–1000, default 100; <paramref name="cursor"/> from the previous page).</summary>
    [OperationId("GetUserRewards")]
    public Task<LedgerPage> GetUserRewardsAsync(string userId, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        GetAsync($"api/user/{Escape(userId)}/rewards{Page(limit, cursor)}", Json.LedgerPage, cancellationToken);

    /// <summary>A provider's change events (server-sent events) until <paramref name="cancellationToken"/> is cancelled or the server closes the stream.</summary>
    [OperationId("GetProviderEvents")]
    public IAsyncEnumerable<AccountEvent> GetProviderEventsAsync(string providerId, CancellationToken cancellationToken = default) =>
        EventsAsync($"api/providers/{Escape(providerId)}/events", cancellationToken);

    /// <summary>A user's change events (server-sent events) until <paramref name="cancellationToken"/> is cancelled or the server closes the stream.</summary>
    [OperationId("GetUserEvents")]
    public IAsyncEnumerable<AccountEvent> GetUserEventsAsync(string userId, CancellationToken cancellationToken = default) =>
        EventsAsync($"api/user/{Escape(userId)}/events", cancellationToken);

    private static string Escape(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return Uri.EscapeDataString(id);
    }

    private static string Page(int? limit, string? cursor)
    {
        var query = new List<string>();
        if (limit is { } l)
        {
            query.Add("limit=" + l.ToString(CultureInfo.InvariantCulture));
        }

        if (cursor is not null)
        {
            query.Add("cursor=" + Uri.EscapeDataString(cursor));
        }

        return query.Count == 0 ? "" : "?" + string.Join('&', query);
    }

    private async Task<TResponse> SendAsync<TRequest, TResponse>(
        HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, requestType) };
        using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, responseType, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TResponse> GetAsync<TResponse>(string path, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(path, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, responseType, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<TResponse> ReadAsync<TResponse>(HttpResponseMessage response, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        await ThrowIfErrorAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(responseType, cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException($"The API answered {(int)response.StatusCode} with an empty body.");
    }

    private async IAsyncEnumerable<AccountEvent> EventsAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await ThrowIfErrorAsync(response, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        string? name = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null || data.Count > 0)
                {
                    yield return new AccountEvent(name ?? "message", string.Join('\n', data));
                }

                (name, data) = (null, []);
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line[6..].TrimStart();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Add(line[5..].TrimStart());
            }
        }
    }

    /// <summary>Throws <see cref="CxmputeApiException"/> for an answer other than 2xx.</summary>
    internal static async Task ThrowIfErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        CxmputeProblem? problem = null;
        try
        {
            problem = text.Length == 0 ? null : JsonSerializer.Deserialize(text, Json.CxmputeProblem);
        }
        catch (JsonException)
        {
            // not a problem document (a proxy's error page, say): described below by its status
        }

        problem ??= new CxmputeProblem(null, response.ReasonPhrase, status, text.Length > 500 ? text[..500] : text, null, null);
        throw new CxmputeApiException(status, problem, RetryAfterOf(response));
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => null,
        };
}
