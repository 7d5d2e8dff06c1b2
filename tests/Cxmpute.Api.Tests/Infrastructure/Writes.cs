namespace Cxmpute.Api.Tests.Infrastructure;

/// <summary>Every mutating endpoint of the contract with a body that would succeed, and the account it would change.</summary>
public static class Writes
{
    public sealed record Write(string Name, HttpMethod Method, string Path, string Body, string Account, string StatsPath);

    public static IEnumerable<Write> All()
    {
        var user = Ids.User();
        yield return new("award", HttpMethod.Post, "/api/awards", Awards.UserChat(user).ToJsonString(), user, Stats(user));

        user = Ids.User();
        var batch = $$"""{"awards": [{{Awards.UserChat(user).ToJsonString()}}]}""";
        yield return new("batch", HttpMethod.Post, "/api/awards/batch", batch, user, Stats(user));

        var provider = Ids.Provider();
        yield return new("register-provider", HttpMethod.Put, $"/api/providers/{provider}", """{"vramGb": 24}""", provider, Stats(provider));

        provider = Ids.Provider();
        yield return new("provider-referral", HttpMethod.Post, $"/api/providers/{provider}/referral",
            $$"""{"referralCode": "{{Ids.Provider()}}"}""", provider, Stats(provider));

        user = Ids.User();
        yield return new("register-user", HttpMethod.Put, $"/api/user/{user}", "{}", user, Stats(user));

        user = Ids.User();
        yield return new("user-referral", HttpMethod.Post, $"/api/user/{user}/referral", $$"""{"referralCode": "{{Ids.User()}}"}""", user, Stats(user));
    }

    public static TheoryData<string> Names() => [.. All().Select(w => w.Name)];

    public static Write Named(string name) => All().Single(w => w.Name == name);

    public static string Stats(string account) =>
        account.StartsWith("usr_", StringComparison.Ordinal) ? $"/api/user/{account}/referral-stats" : $"/api/providers/{account}/referral-stats";
}
