using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cxmpute.Dashboard.Tests.Infrastructure;

/// <summary>Seeds and reads accounts through the HTTP API only, as the gateway and the page do.</summary>
public sealed class LedgerClient(HttpClient client) : IDisposable
{
    public HttpClient Http { get; } = client;

    public static string AccountPath(string account) =>
        account.StartsWith("usr_", StringComparison.Ordinal) ? $"/api/user/{account}" : $"/api/providers/{account}";

    public async Task<string> ProviderAsync(string name, decimal vramGb = 24m)
    {
        var provider = Ids.Provider(name);
        await OkAsync(HttpMethod.Put, AccountPath(provider), $$"""{"vramGb": {{vramGb}}}""");
        return provider;
    }

    public async Task<string> UserAsync(string name)
    {
        var user = Ids.User(name);
        await OkAsync(HttpMethod.Put, AccountPath(user), "{}");
        return user;
    }

    public Task<HttpResponseMessage> ReferAsync(string account, string code) =>
        SendAsync(HttpMethod.Post, AccountPath(account) + "/referral", $$"""{"referralCode": "{{code}}"}""");

    public async Task ReferOkAsync(string account, string code) => await EnsureOkAsync(await ReferAsync(account, code));

    public async Task<JsonElement> AwardAsync(JsonObject award) => await OkAsync(HttpMethod.Post, "/api/awards", award.ToJsonString());

    /// <summary>Posts up to 1,000 awards in one batch and checks that each one succeeded.</summary>
    public async Task BatchAsync(IEnumerable<JsonObject> awards)
    {
        var batch = new JsonObject { ["awards"] = new JsonArray([.. awards]) };
        var result = await OkAsync(HttpMethod.Post, "/api/awards/batch", batch.ToJsonString());
        foreach (var item in result.GetProperty("results").EnumerateArray())
        {
            Assert.True(item.GetProperty("status").GetInt32() == 200, item.GetRawText());
        }
    }

    public Task<JsonElement> StatsAsync(string account) => GetOkAsync(AccountPath(account) + "/referral-stats");

    public Task<JsonElement> LedgerAsync(string account, int limit, string? cursor = null) =>
        GetOkAsync($"{AccountPath(account)}/rewards?limit={limit}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));

    public async Task<JsonElement> GetOkAsync(string path) => await ReadOkAsync(await Http.GetAsync(path));

    public async Task<JsonElement> OkAsync(HttpMethod method, string path, string json) => await ReadOkAsync(await SendAsync(method, path, json));

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string json, string? key = DashboardHost.ApiKey)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await Http.SendAsync(request);
    }

    public void Dispose() => Http.Dispose();

    private static async Task<JsonElement> ReadOkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task EnsureOkAsync(HttpResponseMessage response) => await ReadOkAsync(response);
}
