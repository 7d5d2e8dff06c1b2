using System.Net;
using System.Text.Json;
using Cxmpute.Api.Tests.Infrastructure;
using Cxmpute.Security.Tests.Infrastructure;

namespace Cxmpute.Security.Tests;

/// <summary>
/// Every mutating route the host serves, found from its endpoint table (so a route added later is covered without editing
/// this test), refuses a request without a valid key. The API tests already check the six contract writes one by one
/// (AuthTests, UnauthorizedChangesNothingTests, on fresh accounts); here a refused write also leaves existing accounts as they were.
/// </summary>
public sealed class MutatingEndpointTests(CxmputeApiFactory factory) : IClassFixture<CxmputeApiFactory>
{
    private static readonly string?[] BadKeys = [null, "", "wrong-key", CxmputeApiFactory.ApiKey.ToUpperInvariant(), CxmputeApiFactory.ApiKey + "x"];

    [Fact]
    public async Task Every_mutating_route_refuses_a_missing_or_wrong_key()
    {
        using var client = factory.NewClient();
        // Health checks answer any method and change nothing; everything else that takes a write method is checked.
        var routes = RouteTemplates.All(factory.Services)
            .Where(r => RouteTemplates.IsMutating(r.Method) && r.Pattern.RawText?.StartsWith("/health/", StringComparison.Ordinal) != true)
            .ToList();
        var checkedRoutes = new List<string>();

        foreach (var (method, pattern) in routes)
        {
            var path = RouteTemplates.Path(pattern);
            if (path.Equals("/dashboard/login", StringComparison.OrdinalIgnoreCase))
            {
                continue; // the sign-in form itself: a wrong key there is refused (DashboardAccessTests)
            }

            var body = Writes.All().FirstOrDefault(w => w.Method.Method == method && Matches(pattern.RawText!, w.Path))?.Body ?? "{}";
            foreach (var key in BadKeys)
            {
                var response = await client.SendJsonAsync(new HttpMethod(method), path, body, key);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized,
                    $"{method} {pattern.RawText} with key '{key}' answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            checkedRoutes.Add($"{method} {pattern.RawText}");
        }

        // The enumeration found at least the contract's six writes.
        Assert.Superset(
            new HashSet<string> { "POST /api/awards", "POST /api/awards/batch", "PUT /api/providers/{providerId}", "POST /api/providers/{providerId}/referral", "PUT /api/user/{userId}", "POST /api/user/{userId}/referral" },
            checkedRoutes.Select(r => r.Replace("//", "/", StringComparison.Ordinal).TrimEnd('/')).ToHashSet());
    }

    [Fact]
    public async Task A_refused_write_leaves_existing_accounts_as_they_were()
    {
        using var client = factory.NewClient();
        var api = new Steps(client);
        string provider = Ids.Provider(), other = Ids.Provider(), root = Ids.User(), user = Ids.User();
        await api.OkAsync(HttpMethod.Put, $"/api/providers/{provider}", """{"vramGb": 24}""");
        await api.OkAsync(HttpMethod.Put, $"/api/providers/{other}", """{"vramGb": 24}""");
        await api.OkAsync(HttpMethod.Put, $"/api/user/{root}", "{}");
        var first = Awards.UserChat(user, tokens: 10);
        first["providerId"] = provider;
        first["model"] = "Llama3-70B";
        await api.OkAsync(HttpMethod.Post, "/api/awards", first.ToJsonString());
        string[] accounts = [provider, other, root, user];
        var before = await api.SnapshotAsync(accounts);

        var refusedAward = Awards.UserChat(user, tokens: 5000);
        foreach (var key in BadKeys)
        {
            await api.RefusedAsync(HttpMethod.Put, $"/api/providers/{provider}", """{"vramGb": 4}""", key);
            await api.RefusedAsync(HttpMethod.Post, $"/api/providers/{provider}/referral", $$"""{"referralCode": "{{other}}"}""", key);
            await api.RefusedAsync(HttpMethod.Post, $"/api/user/{user}/referral", $$"""{"referralCode": "{{root}}"}""", key);
            await api.RefusedAsync(HttpMethod.Put, $"/api/user/{user}", "{}", key);
            await api.RefusedAsync(HttpMethod.Post, "/api/awards", refusedAward.ToJsonString(), key);
            await api.RefusedAsync(HttpMethod.Post, "/api/awards/batch", $$"""{"awards": [{{refusedAward.ToJsonString()}}]}""", key);
            await api.RefusedAsync(HttpMethod.Post, "/api/awards", first.ToJsonString(), key);
        }

        Assert.Equal(before, await api.SnapshotAsync(accounts));

        // Nothing was journaled or set: the refused award id takes another body, and the codes still apply.
        refusedAward["tokens"] = 1;
        var award = JsonDocument.Parse(await api.OkAsync(HttpMethod.Post, "/api/awards", refusedAward.ToJsonString())).RootElement;
        Assert.False(award.GetProperty("duplicate").GetBoolean());
        await api.OkAsync(HttpMethod.Post, $"/api/user/{user}/referral", $$"""{"referralCode": "{{root}}"}""");
        await api.OkAsync(HttpMethod.Post, $"/api/providers/{provider}/referral", $$"""{"referralCode": "{{other}}"}""");
        var stats = JsonDocument.Parse(await api.OkAsync(HttpMethod.Get, $"/api/providers/{provider}/referral-stats", null)).RootElement;
        Assert.Equal(24m, stats.GetProperty("tier").GetProperty("vramGb").GetDecimal());
    }

    private static bool Matches(string template, string path)
    {
        var t = template.Trim('/').Split('/');
        var p = path.Trim('/').Split('/');
        return t.Length == p.Length && t.Zip(p).All(x => x.First.StartsWith('{') || x.First == x.Second);
    }

    private sealed class Steps(HttpClient client)
    {
        public async Task<string> OkAsync(HttpMethod method, string path, string? body)
        {
            var response = body is null ? await client.GetAsync(path) : await client.SendJsonAsync(method, path, body, CxmputeApiFactory.ApiKey);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)response.StatusCode} {text}");
            return text;
        }

        public async Task RefusedAsync(HttpMethod method, string path, string body, string? key)
        {
            var response = await client.SendJsonAsync(method, path, body, key);
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        }

        /// <summary>Stats and the whole ledger of each account, as JSON text.</summary>
        public async Task<List<string>> SnapshotAsync(string[] accounts)
        {
            var all = new List<string>();
            foreach (var account in accounts)
            {
                var root = account.StartsWith("usr_", StringComparison.Ordinal) ? "/api/user/" : "/api/providers/";
                all.Add(await (await client.GetAsync(root + account + "/referral-stats")).Content.ReadAsStringAsync());
                all.Add(await (await client.GetAsync(root + account + "/rewards?limit=1000")).Content.ReadAsStringAsync());
            }

            return all;
        }
    }
}
