using System.Net;
using System.Text;
using Cxmpute.Api.Tests.Infrastructure;
using Cxmpute.Security.Tests.Infrastructure;

namespace Cxmpute.Security.Tests;

/// <summary>
/// The contract's access table: every route under <c>/api</c> × every kind of credential → the expected status and
/// <c>code</c>, on a host as every environment but Development runs it (public reads off, user tokens on). A refused
/// request carries a body that would succeed, and afterwards every account involved reads exactly as before; an allowed
/// one carries a body the handler refuses (400, 422), so the table itself changes nothing either.
/// </summary>
public sealed class AccessTableTests(TokenApiFactory factory) : IClassFixture<TokenApiFactory>
{
    private enum Access
    {
        Read,
        Stream,
        OwnerWrite,
        GatewayWrite,
    }

    private sealed record Route(string Name, HttpMethod Method, string Path, string Account, Access Access, string AllowedBody, string RefusedBody);

    public static TheoryData<Credential> AllCredentials => [.. Enum.GetValues<Credential>()];

    [Theory]
    [MemberData(nameof(AllCredentials))]
    public async Task Every_route_gives_the_expected_answer_and_a_refusal_changes_nothing(Credential credential)
    {
        using var client = factory.NewClient();
        var accounts = await SetUpAsync(client);
        var routes = Routes(accounts);
        var before = await SnapshotAsync(client, accounts);
        var failures = new List<string>();

        foreach (var route in routes)
        {
            var (status, code) = Expected(credential, route.Access);
            var allowed = status is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity;
            using var request = new HttpRequestMessage(route.Method, route.Path);
            if (route.Method != HttpMethod.Get)
            {
                request.Content = new StringContent(allowed ? route.AllowedBody : route.RefusedBody, Encoding.UTF8, "application/json");
            }

            credential.Apply(request, route.Account);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var media = response.Content.Headers.ContentType?.MediaType;
            string? actualCode = null;
            if (media == "application/problem+json")
            {
                using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                actualCode = problem.RootElement.GetProperty("code").GetString();
            }

            var expectedMedia = status != HttpStatusCode.OK ? "application/problem+json"
                : route.Access == Access.Stream ? "text/event-stream" : "application/json";
            if (response.StatusCode != status || actualCode != code || media != expectedMedia)
            {
                failures.Add($"{route.Name} with {credential}: expected {(int)status} {code} {expectedMedia}, got {(int)response.StatusCode} {actualCode} {media}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(before, await SnapshotAsync(client, accounts));
    }

    [Fact]
    public async Task A_user_token_applies_a_referral_code_to_its_own_account()
    {
        using var client = factory.NewClient();
        var accounts = await SetUpAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/user/{accounts.User}/referral")
        {
            Content = new StringContent($$"""{"referralCode": "{{accounts.Referrer}}"}""", Encoding.UTF8, "application/json"),
        };
        Credential.TokenForSameAccount.Apply(request, accounts.User);

        var response = await client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var again = await client.PostJsonAsync($"/api/user/{accounts.User}/referral", $$"""{"referralCode": "{{accounts.Referrer}}"}""");
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict, "referrer_already_set");
    }

    [Fact]
    public async Task A_token_on_a_write_is_checked_before_the_body_is_read()
    {
        using var client = factory.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/awards") { Content = new StringContent("{not json", Encoding.UTF8, "application/json") };
        Credential.TokenForSameAccount.Apply(request, Ids.User());

        var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    private static (HttpStatusCode Status, string Code) Expected(Credential credential, Access access) => credential switch
    {
        Credential.GatewayKey => Allowed(access),
        Credential.TokenForSameAccount => access == Access.GatewayWrite ? (HttpStatusCode.Forbidden, "forbidden") : Allowed(access),
        Credential.TokenForAnotherAccount => (HttpStatusCode.Forbidden, "forbidden"),
        _ => (HttpStatusCode.Unauthorized, "unauthorized"),
    };

    private static (HttpStatusCode, string) Allowed(Access access) => access switch
    {
        Access.OwnerWrite => (HttpStatusCode.UnprocessableEntity, "self_referral"),
        Access.GatewayWrite => (HttpStatusCode.BadRequest, "validation_failed"),
        _ => (HttpStatusCode.OK, null!),
    };

    private sealed record Accounts(string User, string Referrer, string Provider, string ProviderReferrer)
    {
        public string[] All => [User, Referrer, Provider, ProviderReferrer];
    }

    private static List<Route> Routes(Accounts a)
    {
        var award = Awards.UserChat(a.User, tokens: 5000);
        award["providerId"] = a.Provider;
        award["model"] = "Llama3-70B";
        var invalidAward = Awards.UserChat(a.User, tokens: -1).ToJsonString();
        return
        [
            new("GET user stats", HttpMethod.Get, $"/api/user/{a.User}/referral-stats", a.User, Access.Read, "", ""),
            new("GET user rewards", HttpMethod.Get, $"/api/user/{a.User}/rewards", a.User, Access.Read, "", ""),
            new("GET user events", HttpMethod.Get, $"/api/user/{a.User}/events", a.User, Access.Stream, "", ""),
            new("GET provider stats", HttpMethod.Get, $"/api/providers/{a.Provider}/referral-stats", a.Provider, Access.Read, "", ""),
            new("GET provider rewards", HttpMethod.Get, $"/api/providers/{a.Provider}/rewards", a.Provider, Access.Read, "", ""),
            new("GET provider events", HttpMethod.Get, $"/api/providers/{a.Provider}/events", a.Provider, Access.Stream, "", ""),
            new("POST user referral", HttpMethod.Post, $"/api/user/{a.User}/referral", a.User, Access.OwnerWrite,
                $$"""{"referralCode": "{{a.User}}"}""", $$"""{"referralCode": "{{a.Referrer}}"}"""),
            new("POST provider referral", HttpMethod.Post, $"/api/providers/{a.Provider}/referral", a.Provider, Access.OwnerWrite,
                $$"""{"referralCode": "{{a.Provider}}"}""", $$"""{"referralCode": "{{a.ProviderReferrer}}"}"""),
            new("PUT user", HttpMethod.Put, $"/api/user/{a.User}", a.User, Access.GatewayWrite, """{"unexpected": 1}""", "{}"),
            new("PUT provider", HttpMethod.Put, $"/api/providers/{a.Provider}", a.Provider, Access.GatewayWrite, """{"vramGb": -1}""", """{"vramGb": 4}"""),
            new("POST award", HttpMethod.Post, "/api/awards", a.User, Access.GatewayWrite, invalidAward, award.ToJsonString()),
            new("POST award batch", HttpMethod.Post, "/api/awards/batch", a.User, Access.GatewayWrite,
                """{"awards": "not an array"}""", $$"""{"awards": [{{award.ToJsonString()}}]}"""),
        ];
    }

    /// <summary>A user with a first award, a would-be referrer for them, a provider and a would-be referrer for it.</summary>
    private static async Task<Accounts> SetUpAsync(HttpClient client)
    {
        var accounts = new Accounts(Ids.User(), Ids.User(), Ids.Provider(), Ids.Provider());
        await OkAsync(await client.PutJsonAsync($"/api/providers/{accounts.Provider}", """{"vramGb": 24}"""));
        await OkAsync(await client.PutJsonAsync($"/api/providers/{accounts.ProviderReferrer}", """{"vramGb": 24}"""));
        await OkAsync(await client.PutJsonAsync($"/api/user/{accounts.Referrer}", "{}"));
        var first = Awards.UserChat(accounts.User, tokens: 10);
        first["providerId"] = accounts.Provider;
        first["model"] = "Llama3-70B";
        await OkAsync(await client.PostJsonAsync("/api/awards", first));
        return accounts;
    }

    /// <summary>Stats and the whole ledger of each account, read with the gateway key.</summary>
    private static async Task<List<string>> SnapshotAsync(HttpClient client, Accounts accounts)
    {
        var all = new List<string>();
        foreach (var account in accounts.All)
        {
            var root = account.StartsWith("usr_", StringComparison.Ordinal) ? "/api/user/" : "/api/providers/";
            all.Add(await OkAsync(await client.GetAsync(root + account + "/referral-stats", CxmputeApiFactory.ApiKey)));
            all.Add(await OkAsync(await client.GetAsync(root + account + "/rewards?limit=1000", CxmputeApiFactory.ApiKey)));
        }

        return all;
    }

    private static async Task<string> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return text;
    }
}
