using System.Globalization;
using System.Net;
using System.Text.Json;
using Cxmpute.Abstractions;
using Cxmpute.Audit.Checks;

namespace Cxmpute.Audit.Sources;

/// <summary>
/// Reads an account through the HTTP contract: <c>GET …/referral-stats</c> and every page of <c>GET …/rewards</c>.
/// Retries 429, 5xx and network failures (honouring <c>Retry-After</c>); a 404 is an account the API does not know.
/// </summary>
public sealed class HttpAccountSource(HttpClient client, string? apiKey = null, int attempts = 5) : IAccountSource
{
    public const int PageSize = 1000;
    private long _requests;

    public long Requests => Interlocked.Read(ref _requests);

    public async Task<AccountObservation> ReadAsync(string accountId, CancellationToken cancellationToken)
    {
        var root = (AccountIds.IsProvider(accountId) ? "/api/providers/" : "/api/user/") + accountId;
        try
        {
            using var stats = await GetAsync(root + "/referral-stats", cancellationToken);
            if (stats is null)
            {
                return AccountObservation.NotFound(accountId);
            }

            var entries = new List<ObservedCredit>();
            string? cursor = null;
            do
            {
                var path = $"{root}/rewards?limit={PageSize.ToString(CultureInfo.InvariantCulture)}"
                    + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
                using var page = await GetAsync(path, cancellationToken)
                    ?? throw new InvalidDataException("the stats exist but the rewards history is 404");
                foreach (var entry in page.RootElement.GetProperty("entries").EnumerateArray())
                {
                    entries.Add(new ObservedCredit(
                        entry.GetProperty("awardId").GetString()!,
                        entry.GetProperty("kind").GetString()!,
                        entry.GetProperty("amount").GetDecimal(),
                        entry.GetProperty("sourceAccountId").GetString()!,
                        entry.GetProperty("at").GetDateTimeOffset(),
                        entry.GetProperty("scheduleVersion").GetString()!));
                }

                cursor = page.RootElement.GetProperty("cursor") is { ValueKind: JsonValueKind.String } c ? c.GetString() : null;
            }
            while (cursor is not null);

            var s = stats.RootElement;
            var lifetime = s.GetProperty("lifetime");
            return new AccountObservation(accountId)
            {
                Found = true,
                ReferredBy = s.GetProperty("referredBy") is { ValueKind: JsonValueKind.String } r ? r.GetString() : null,
                Earned = lifetime.GetProperty("earned").GetDecimal(),
                Referral = lifetime.GetProperty("referral").GetDecimal(),
                Total = lifetime.GetProperty("total").GetDecimal(),
                Direct = s.GetProperty("directReferrals").GetInt64(),
                Secondary = s.GetProperty("secondaryReferrals").GetInt64(),
                Tertiary = s.GetProperty("tertiaryReferrals").GetInt64(),
                Registered = AccountIds.IsProvider(accountId) ? s.TryGetProperty("tier", out var tier) && tier.ValueKind == JsonValueKind.Object : null,
                Entries = entries,
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidDataException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return AccountObservation.Unreadable(accountId, ex.Message);
        }
    }

    /// <summary>The parsed body of a 200, null for a 404; throws after the last attempt of anything else.</summary>
    private async Task<JsonDocument?> GetAsync(string path, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            Interlocked.Increment(ref _requests);
            TimeSpan? wait;
            string failure;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (apiKey is not null)
                {
                    request.Headers.Add("X-Api-Key", apiKey);
                }

                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                    return await JsonDocument.ParseAsync(body, default, cancellationToken);
                }

                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                var status = (int)response.StatusCode;
                if (status is not (429 or >= 500))
                {
                    throw new InvalidDataException($"GET {path} answered {status}");
                }

                wait = response.Headers.RetryAfter?.Delta;
                failure = $"GET {path} answered {status}";
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                wait = null;
                failure = $"GET {path} failed: {ex.Message}";
            }

            if (attempt >= attempts)
            {
                throw new HttpRequestException($"{failure} ({attempts} attempts)");
            }

            var backoff = TimeSpan.FromMilliseconds(200 * (1 << Math.Min(attempt, 5)));
            await Task.Delay(wait is { } w && w < TimeSpan.FromSeconds(10) ? w : backoff, cancellationToken);
        }
    }
}
