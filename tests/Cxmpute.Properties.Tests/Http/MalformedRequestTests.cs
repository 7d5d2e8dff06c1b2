using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using Cxmpute.Abstractions;
using Cxmpute.Api.Tests.Infrastructure;
using Cxmpute.Grains;
using Cxmpute.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Cxmpute.Properties.Tests.Http;

/// <summary>
/// 10,000 malformed requests per run against the in-process API (the real host, in-memory ledger): none gets a 5xx, every
/// refusal is a problem document, and nothing changes: a sentinel network's stats are identical afterwards, no journal
/// gained an entry, and no account named by any request exists.
/// </summary>
public sealed partial class MalformedRequestTests(QuietApiFactory factory, ITestOutputHelper output) : IClassFixture<QuietApiFactory>
{
    /// <summary>Requests per run; CXMPUTE_FUZZ_REQUESTS overrides.</summary>
    private static readonly long Requests = long.TryParse(Environment.GetEnvironmentVariable("CXMPUTE_FUZZ_REQUESTS"), out var n) ? n : 10_000;

    [GeneratedRegex("(?:usr|prov)_[A-Za-z0-9_-]{1,64}")]
    private static partial Regex AccountIdPattern();

    [Fact]
    public async Task Malformed_requests_get_no_5xx_and_change_nothing()
    {
        using var client = factory.NewClient();
        var sentinels = await CreateSentinelsAsync(client);
        var statsBefore = await StatsAsync(client, sentinels);
        var journalBefore = await JournalPositionsAsync();
        var named = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var statuses = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await MalformedRequests.Request.SampleAsync(
            async request =>
            {
                foreach (Match match in AccountIdPattern().Matches(Uri.UnescapeDataString(request.Path) + " " + request.BodyText))
                {
                    named.TryAdd(match.Value, 0);
                }

                if (await SendAsync(client, request) is not var (status, mediaType, body))
                {
                    statuses.AddOrUpdate($"{request.Label} unsendable", 1, (_, c) => c + 1);
                    return;
                }

                statuses.AddOrUpdate($"{request.Label} {status}", 1, (_, c) => c + 1);
                Assert.True(status < 500, $"{status} for {request}: {body}");
                if (status >= 400 && request.Method != "HEAD")
                {
                    Assert.True(mediaType == "application/problem+json", $"{status} as {mediaType} for {request}: {body}");
                }

                if (status is >= 200 and < 300)
                {
                    Assert.True(request.Label == "batch-items" && status == 200, $"{status} for {request}: {body}");
                    foreach (var item in JsonDocument.Parse(body).RootElement.GetProperty("results").EnumerateArray())
                    {
                        Assert.True(item.GetProperty("status").GetInt32() >= 400, $"a batch item was accepted: {item} for {request}");
                    }
                }
            },
            iter: Requests,
            threads: 4,
            print: r => r.ToString(),
            writeLine: output.WriteLine);

        output.WriteLine($"{Requests} requests in {clock.Elapsed.TotalSeconds:F1} s; {named.Count} account ids named");
        foreach (var (key, count) in statuses.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {key,-40} {count}");
        }

        Assert.Equal(journalBefore, await JournalPositionsAsync());
        Assert.Equal(statsBefore, await StatsAsync(client, sentinels));
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var existing = new List<string>();
        foreach (var chunk in named.Keys.Except(sentinels).Chunk(256))
        {
            var stats = await Task.WhenAll(chunk.Select(id => grains.GetGrain<IAccountGrain>(id).GetStatsAsync()));
            existing.AddRange(chunk.Where((_, i) => stats[i] is not null));
        }

        Assert.True(existing.Count == 0, $"accounts created by refused requests: {string.Join(", ", existing.Take(20))}");
    }

    /// <summary>The answer, or null when the in-process client cannot even send the request (a NUL in the path: Kestrel refuses those itself).</summary>
    private static async Task<(int Status, string? MediaType, string Body)?> SendAsync(HttpClient client, FuzzRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        if (request.Body is { } body)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        switch (request.Key)
        {
            case KeyShape.Valid:
                message.Headers.TryAddWithoutValidation("X-Api-Key", CxmputeApiFactory.ApiKey);
                break;
            case KeyShape.Wrong:
                message.Headers.TryAddWithoutValidation("X-Api-Key", CxmputeApiFactory.ApiKey[..^1] + "X");
                break;
            case KeyShape.Empty:
                message.Headers.TryAddWithoutValidation("X-Api-Key", "");
                break;
            case KeyShape.Twice:
                message.Headers.TryAddWithoutValidation("X-Api-Key", [CxmputeApiFactory.ApiKey, CxmputeApiFactory.ApiKey]);
                break;
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(message);
        }
        catch (InvalidOperationException ex) when (ex.StackTrace?.Contains("TestHost.ClientHandler", StringComparison.Ordinal) == true)
        {
            return null;
        }

        using var _ = response;
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Two small referral networks with credits: what a refused request must not touch.</summary>
    private static async Task<string[]> CreateSentinelsAsync(HttpClient client)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        string ua = $"usr_sentinel{tag}a", ub = $"usr_sentinel{tag}b", pa = $"prov_sentinel{tag}a", pb = $"prov_sentinel{tag}b";
        await OkAsync(client.PutJsonAsync($"/api/user/{ua}", "{}"));
        await OkAsync(client.PostJsonAsync($"/api/user/{ub}/referral", $$"""{"referralCode": "{{ua}}"}"""));
        await OkAsync(client.PutJsonAsync($"/api/providers/{pa}", """{"vramGb": 24}"""));
        await OkAsync(client.PutJsonAsync($"/api/providers/{pb}", """{"vramGb": 16}"""));
        await OkAsync(client.PostJsonAsync($"/api/providers/{pb}/referral", $$"""{"referralCode": "{{pa}}"}"""));
        await OkAsync(client.PostJsonAsync("/api/awards",
            $$"""{"awardId": "sentinel-{{tag}}", "service": "chat", "userId": "{{ub}}", "providerId": "{{pb}}", "model": "Mixtral-8x7B", "tokens": 777, "latencyMs": 900}"""));
        return [ua, ub, pa, pb];
    }

    private static async Task<List<string>> StatsAsync(HttpClient client, string[] accounts)
    {
        var all = new List<string>();
        foreach (var account in accounts)
        {
            var root = account.StartsWith("usr_", StringComparison.Ordinal) ? "/api/user/" : "/api/providers/";
            all.Add(await (await client.GetAsync(root + account + "/referral-stats")).Content.ReadAsStringAsync());
            all.Add(await (await client.GetAsync(root + account + "/rewards")).Content.ReadAsStringAsync());
        }

        return all;
    }

    private async Task<Dictionary<string, (int Entries, long LastSeq)>> JournalPositionsAsync()
    {
        var store = factory.Services.GetRequiredService<IJournalStore>();
        var positions = new Dictionary<string, (int, long)>(StringComparer.Ordinal);
        foreach (var journal in factory.Services.GetRequiredService<IOptions<LedgerOptions>>().Value.JournalIds())
        {
            var pages = await store.ListPagesAsync(journal);
            positions[journal] = (pages.Sum(p => p.Count), pages.Count == 0 ? 0 : pages.Max(p => p.LastSeq));
        }

        return positions;
    }

    private static async Task OkAsync(Task<HttpResponseMessage> send)
    {
        var response = await send;
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
