using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>The Production environment refuses to start without a key or with the development key; Development accepts that key.</summary>
public sealed class StartupKeyTests
{
    [Fact]
    public async Task Production_refuses_the_development_key()
    {
        await using var factory = new ConfiguredApiFactory(environment: "Production", key: "dev-key-change-me");
        var error = Assert.ThrowsAny<Exception>(() => factory.Server);
        Assert.Contains("dev-key-change-me", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_refuses_to_start_without_a_key()
    {
        await using var factory = new ConfiguredApiFactory(environment: "Production", key: null);
        var error = Assert.ThrowsAny<Exception>(() => factory.Server);
        Assert.Contains("No API key is configured", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_accepts_the_documented_development_key()
    {
        await using var factory = new ConfiguredApiFactory(environment: "Development", key: null);
        using var client = factory.NewClient();

        // A body that fails validation proves the key was accepted without touching the ledger.
        var accepted = await client.PutJsonAsync($"/api/user/{Ids.Provider()}", "{}", key: "dev-key-change-me");
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
}
