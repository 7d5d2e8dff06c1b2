using System.Net;
using Cxmpute.Api.Tests.Infrastructure;
using Cxmpute.Security.Tests.Infrastructure;
using Cxmpute.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cxmpute.Security.Tests;

/// <summary>
/// A full run, every log entry captured at Trace level from every category (a custom ILoggerProvider): start-up on Azure
/// storage, registrations, referrals, awards, replays and errors, wrong keys on the API and the dashboard sign-in, then a
/// storage outage (Azurite stopped) with its 503s and failing health check. Neither the API key, nor a wrong key someone
/// tried, nor a user token (valid, expired, ill-signed, for another audience) or the token signing key, nor the dashboard's session cookie, nor the storage connection string or its account key appears anywhere in the logs.
/// </summary>
public sealed class LogSecretsTests(DedicatedAzuriteFixture azurite, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<DedicatedAzuriteFixture>
{
    private readonly string _key = "sec-key-" + Guid.NewGuid().ToString("N");
    private readonly string _wrongKey = "wrong-key-" + Guid.NewGuid().ToString("N");
    private readonly List<string> _tokens = [];
    private string _session = "(no session)";

    [Fact]
    public async Task Keys_and_connection_strings_never_reach_the_logs()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var logs = new CapturingLoggerProvider();
        var prefix = TableNames.New("logs");
        await using (var host = new ConfiguredApiFactory(
            settings:
            [
                new("Cxmpute:Storage:ConnectionString", azurite.ConnectionString),
                new("Cxmpute:Storage:MembershipTable", prefix + "members"),
                new("Ledger:JournalTable", prefix + "journal"),
                new("Ledger:AccountTable", prefix + "accounts"),
                new("Ledger:CheckpointTable", prefix + "checkpoints"),
                new("Ledger:StorageTimeout", "00:00:02"),
                new("Ledger:StorageRetries", "1"),
                .. TestTokens.Settings(publicReads: true),
            ],
            key: _key,
            services: services =>
            {
                services.AddSingleton<ILoggerProvider>(logs);
                services.Configure<LoggerFilterOptions>(filters =>
                {
                    filters.Rules.Clear();
                    filters.MinLevel = LogLevel.Trace;
                });
            }))
        {
            using var client = host.NewClient();
            using var stranger = host.NewClient();
            await RunTrafficAsync(client, stranger);
            await azurite.StopAsync();
            await RunOutageAsync(client);
            await azurite.RestartAsync(); // so that the silo can leave the membership table quickly on the way out
        }

        output.WriteLine($"{logs.Entries.Count} log entries in {clock.Elapsed.TotalSeconds:F1} s");
        var text = logs.Text;
        Assert.True(logs.Entries.Count > 200, $"only {logs.Entries.Count} log entries were captured");
        Assert.Contains(logs.Entries, e => e.StartsWith("Trace", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.StartsWith("Error", StringComparison.Ordinal) || e.StartsWith("Warning", StringComparison.Ordinal));
        AssertAbsent(text, _key, "the API key");
        AssertAbsent(text, _wrongKey, "a wrong key a caller sent");
        AssertAbsent(text, _session, "the dashboard session token");
        AssertAbsent(text, TestTokens.SigningKey, "the token signing key");
        foreach (var token in _tokens)
        {
            AssertAbsent(text, token, "a user token");
            AssertAbsent(text, token.Split('.')[2], "a user token's signature");
        }

        AssertAbsent(text, azurite.ConnectionString, "the storage connection string");
        AssertAbsent(text, AzuriteFixture.AccountKey, "the storage account key");
        AssertAbsent(text, AzuriteFixture.AccountKey[..16], "the start of the storage account key");
        AssertAbsent(text, "AccountKey=", "a connection string's AccountKey member");
    }

    private async Task RunTrafficAsync(HttpClient client, HttpClient stranger)
    {
        string provider = Ids.Provider(), other = Ids.Provider(), user = Ids.User(), root = Ids.User();
        await Expect(client.PutJsonAsync($"/api/providers/{provider}", """{"vramGb": 24}""", _key), HttpStatusCode.OK);
        await Expect(client.PutJsonAsync($"/api/providers/{other}", """{"vramGb": 8}""", _key), HttpStatusCode.OK);
        await Expect(client.PutJsonAsync($"/api/user/{root}", "{}", _key), HttpStatusCode.OK);
        await Expect(client.PostJsonAsync($"/api/user/{user}/referral", $$"""{"referralCode": "{{root}}"}""", _key), HttpStatusCode.OK);
        await Expect(client.PostJsonAsync($"/api/providers/{other}/referral", $$"""{"referralCode": "{{provider}}"}""", _key), HttpStatusCode.OK);
        var award = Awards.ProviderChat(other, model: "Mistral-7B", latencyMs: 800);
        award["userId"] = user;
        await Expect(client.PostJsonAsync("/api/awards", award, _key), HttpStatusCode.OK);
        await Expect(client.PostJsonAsync("/api/awards", award, _key), HttpStatusCode.OK);
        award["tokens"] = 1;
        await Expect(client.PostJsonAsync("/api/awards", award, _key), HttpStatusCode.Conflict);
        await Expect(client.PostJsonAsync("/api/awards", Awards.ProviderChat(other), _key), (HttpStatusCode)422);
        await Expect(client.PostJsonAsync("/api/awards", "{\"awardId\": ", _key), HttpStatusCode.BadRequest);
        await Expect(client.PostJsonAsync($"/api/user/{root}/referral", $$"""{"referralCode": "{{user}}"}""", _key), (HttpStatusCode)422);
        await Expect(client.GetAsync($"/api/user/{Ids.User()}/referral-stats"), HttpStatusCode.NotFound);
        await Expect(client.PostJsonAsync("/api/awards", Awards.UserChat(), _wrongKey), HttpStatusCode.Unauthorized);
        await Expect(client.PostJsonAsync("/api/awards", Awards.UserChat(), key: null), HttpStatusCode.Unauthorized);
        await Expect(client.PostAsync("/dashboard/login", new FormUrlEncodedContent([new("key", _wrongKey)])), HttpStatusCode.Unauthorized);
        var login = await client.PostAsync("/dashboard/login", new FormUrlEncodedContent([new("key", _key)]));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        _session = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0].Split('=', 2)[1];
        await Expect(stranger.GetAsync("/dashboard/", key: _wrongKey), HttpStatusCode.Unauthorized);
        await Expect(WithTokenAsync(client, $"/api/user/{user}/referral-stats", TestTokens.For(user)), HttpStatusCode.OK);
        await Expect(WithTokenAsync(client, $"/api/user/{root}/referral-stats", TestTokens.For(user)), HttpStatusCode.Forbidden);
        await Expect(WithTokenAsync(client, $"/api/user/{user}/referral-stats", TestTokens.Expired(user)), HttpStatusCode.Unauthorized);
        await Expect(WithTokenAsync(client, $"/api/user/{user}/referral-stats", TestTokens.For(user, signingKey: TestTokens.OtherSigningKey)), HttpStatusCode.Unauthorized);
        await Expect(WithTokenAsync(client, $"/api/user/{user}/referral-stats", TestTokens.For(user, audience: "elsewhere")), HttpStatusCode.Unauthorized);
        await Expect(client.GetAsync("/health/ready"), HttpStatusCode.OK);
    }

    private Task<HttpResponseMessage> WithTokenAsync(HttpClient client, string path, string token)
    {
        _tokens.Add(token);
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }

    private async Task RunOutageAsync(HttpClient client)
    {
        for (var i = 0; i < 3; i++)
        {
            var response = await client.PostJsonAsync("/api/awards", Awards.UserChat(), _key);
            Assert.True(response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.OK, $"{(int)response.StatusCode}");
            var registration = await client.PutJsonAsync($"/api/providers/{Ids.Provider()}", """{"vramGb": 24}""", _key);
            Assert.True(registration.StatusCode is HttpStatusCode.ServiceUnavailable, $"registration during the outage: {(int)registration.StatusCode}");
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
    }

    private static async Task Expect(Task<HttpResponseMessage> send, HttpStatusCode status)
    {
        var response = await send;
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static void AssertAbsent(string logs, string secret, string what)
    {
        var at = logs.IndexOf(secret, StringComparison.Ordinal);
        Assert.True(at < 0, $"{what} appears in the logs: ...{logs[Math.Max(0, at - 300)..Math.Min(logs.Length, at + 100)]}...");
    }
}
