using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>
/// Every environment but Development refuses to start with an unsafe setup, naming the setting: public reads on, no
/// durable storage, no key, the Development key, a key under 32 characters, user tokens without a signing key. The
/// refusals never quote a secret. Development accepts its documented key and in-memory storage.
/// </summary>
public sealed class StartupRefusalTests
{
    private const string LongKey = "a-long-gateway-key-7c2e9f41d8b6a3e5c0f7d2b9";

    /// <summary>Points at a closed port: the checks refuse before anything connects to it.</summary>
    private const string Storage =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;";

    public static TheoryData<string> Environments => new() { "Production", "Staging" };

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Public_reads_are_refused(string environment)
    {
        var error = await RefusalAsync(environment, LongKey, [new("Cxmpute:PublicReads", "true")]);
        Assert.Contains("Cxmpute:PublicReads", error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task A_silo_without_durable_storage_is_refused(string environment)
    {
        var error = await RefusalAsync(environment, LongKey, [], storage: "");
        Assert.Contains("Cxmpute:Storage:ConnectionString", error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task The_development_key_is_refused(string environment)
    {
        var error = await RefusalAsync(environment, ApiSecurityKeys.Development, []);
        Assert.Contains("development API key", error, StringComparison.Ordinal);
        Assert.Contains("Cxmpute:ApiKey", error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task A_short_key_is_refused_without_quoting_it(string environment)
    {
        const string shortKey = "short-key-31-characters-long-xx";
        Assert.Equal(31, shortKey.Length);
        var error = await RefusalAsync(environment, shortKey, []);
        Assert.Contains("shorter than 32 characters", error, StringComparison.Ordinal);
        Assert.Contains("Cxmpute:ApiKey", error, StringComparison.Ordinal);
        Assert.DoesNotContain(shortKey, error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task No_key_is_refused(string environment)
    {
        var error = await RefusalAsync(environment, null, []);
        Assert.Contains("No API key is configured", error, StringComparison.Ordinal);
        Assert.Contains("Cxmpute:ApiKey", error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task User_tokens_without_a_signing_key_are_refused(string environment)
    {
        var error = await RefusalAsync(environment, LongKey,
            [new("Cxmpute:UserTokens:Issuer", TestTokens.Issuer), new("Cxmpute:UserTokens:Audience", TestTokens.Audience)]);
        Assert.Contains("Cxmpute:UserTokens:SigningKey", error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task A_short_signing_key_is_refused_without_quoting_it(string environment)
    {
        const string shortSigningKey = "too-short-signing-key";
        var error = await RefusalAsync(environment, LongKey,
            [new("Cxmpute:UserTokens:Issuer", TestTokens.Issuer), new("Cxmpute:UserTokens:Audience", TestTokens.Audience),
             new("Cxmpute:UserTokens:SigningKey", shortSigningKey)]);
        Assert.Contains("Cxmpute:UserTokens:SigningKey", error, StringComparison.Ordinal);
        Assert.DoesNotContain(shortSigningKey, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_accepts_the_documented_development_key()
    {
        await using var factory = new ConfiguredApiFactory(environment: "Development", key: null);
        using var client = factory.NewClient();

        // A body that fails validation proves the key was accepted without touching the ledger.
        var accepted = await client.PutJsonAsync($"/api/user/{Ids.Provider()}", "{}", key: ApiSecurityKeys.Development);
        var refused = await client.PutJsonAsync($"/api/user/{Ids.Provider()}", "{}", key: CxmputeApiFactory.ApiKey);

        await ProblemAssert.IsValidationAsync(accepted, "userId");
        await ProblemAssert.IsProblemAsync(refused, System.Net.HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task The_environment_variable_form_of_the_key_is_accepted()
    {
        await using var factory = new ConfiguredApiFactory(settings: [new("Cxmpute:ApiKey", "second-key-from-env-var-form")]);
        using var client = factory.NewClient();

        var response = await client.PutJsonAsync($"/api/user/{Ids.Provider()}", "{}", key: "second-key-from-env-var-form");

        await ProblemAssert.IsValidationAsync(response, "userId");
    }

    /// <summary>Starts the host in <paramref name="environment"/> with an otherwise safe setup and returns why it refused.</summary>
    private static async Task<string> RefusalAsync(string environment, string? key, IEnumerable<KeyValuePair<string, string>> settings, string storage = Storage)
    {
        await using var factory = new ConfiguredApiFactory(
            settings: [new("Cxmpute:Storage:ConnectionString", storage), .. settings], environment: environment, key: key);
        var error = Assert.ThrowsAny<Exception>(() => factory.Server);
        return error.ToString();
    }

    private static class ApiSecurityKeys
    {
        public const string Development = "dev-key-change-me";
    }
}
