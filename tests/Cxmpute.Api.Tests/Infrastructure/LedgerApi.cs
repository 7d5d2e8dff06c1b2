using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cxmpute.Api.Tests.Infrastructure;

/// <summary>The steps the contract tests repeat, through HTTP only: register, refer, award, read.</summary>
public sealed class LedgerApi(HttpClient client)
{
    public HttpClient Client { get; } = client;

    public async Task<string> ProviderAsync(decimal vramGb = 24m)
    {
        var provider = Ids.Provider();
        await RegisterAsync(provider, vramGb);
        return provider;
    }

    public async Task<JsonElement> RegisterAsync(string provider, decimal vramGb) =>
        await JsonAssert.IsOkAsync(await Client.PutJsonAsync($"/api/providers/{provider}", $$"""{"vramGb": {{vramGb}}}"""));

    public async Task<string> UserAsync()
    {
        var user = Ids.User();
        await JsonAssert.IsOkAsync(await Client.PutJsonAsync($"/api/user/{user}", "{}"));
        return user;
    }

    public Task<HttpResponseMessage> ReferAsync(string account, string referrer) =>
        Client.PostJsonAsync(
            account.StartsWith("usr_", StringComparison.Ordinal) ? $"/api/user/{account}/referral" : $"/api/providers/{account}/referral",
            $$"""{"referralCode": "{{referrer}}"}""");

    public async Task<JsonElement> ReferOkAsync(string account, string referrer) => await JsonAssert.IsOkAsync(await ReferAsync(account, referrer));

    /// <summary>A chain of providers, each referred by the one before: returns them root first.</summary>
    public async Task<string[]> ProviderChainAsync(int length, decimal vramGb = 24m)
    {
        var chain = new string[length];
        for (var i = 0; i < length; i++)
        {
            chain[i] = await ProviderAsync(vramGb);
            if (i > 0)
            {
                await ReferOkAsync(chain[i], chain[i - 1]);
            }
        }

        return chain;
    }

    public async Task<string[]> UserChainAsync(int length)
    {
        var chain = new string[length];
        for (var i = 0; i < length; i++)
        {
            chain[i] = await UserAsync();
            if (i > 0)
            {
                await ReferOkAsync(chain[i], chain[i - 1]);
            }
        }

        return chain;
    }

    public Task<HttpResponseMessage> AwardAsync(JsonObject award) => Client.PostJsonAsync("/api/awards", award);

    public async Task<JsonElement> AwardOkAsync(JsonObject award) => await JsonAssert.IsOkAsync(await AwardAsync(award));

    public async Task<JsonElement> StatsOkAsync(string account) => await JsonAssert.IsOkAsync(await Client.GetAsync(Writes.Stats(account)));

    public async Task<JsonElement> HistoryOkAsync(string account, string query = "") =>
        await JsonAssert.IsOkAsync(await Client.GetAsync(
            (account.StartsWith("usr_", StringComparison.Ordinal) ? $"/api/user/{account}/rewards" : $"/api/providers/{account}/rewards") + query));
}
