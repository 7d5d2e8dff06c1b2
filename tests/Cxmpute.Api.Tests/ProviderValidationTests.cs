using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary><c>PUT /api/providers/{providerId}</c> refuses bad ids and bad VRAM with 400 naming the field.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProviderValidationTests(CxmputeApiFactory factory)
{
    private readonly HttpClient _client = factory.NewClient();

    private Task<HttpResponseMessage> RegisterAsync(string json, string? providerId = null) =>
        _client.PutJsonAsync($"/api/providers/{providerId ?? Ids.Provider()}", json);

    [Fact]
    public async Task Missing_vramGb_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await RegisterAsync("{}"), "vramGb");
    }

    [Fact]
    public async Task An_empty_body_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await RegisterAsync(""), "vramGb");
    }

    [Fact]
    public async Task Zero_vramGb_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await RegisterAsync("""{"vramGb": 0}"""), "vramGb");
    }

    [Fact]
    public async Task Negative_vramGb_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await RegisterAsync("""{"vramGb": -8}"""), "vramGb");
    }

    [Fact]
    public async Task VramGb_as_a_string_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await RegisterAsync("""{"vramGb": "24"}"""), "vramGb");
    }

    [Fact]
    public async Task VramGb_null_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await RegisterAsync("""{"vramGb": null}"""), "vramGb");
    }

    [Fact]
    public async Task VramGb_beyond_the_decimal_range_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await RegisterAsync("""{"vramGb": 1e40}"""), "vramGb");
    }

    [Fact]
    public async Task An_unknown_field_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await RegisterAsync("""{"vramGb": 24, "gpu": "4090"}"""), "gpu");
    }

    [Fact]
    public async Task A_user_id_in_the_provider_path_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await RegisterAsync("""{"vramGb": 24}""", Ids.User()), "providerId");
    }

    [Fact]
    public async Task A_provider_id_off_pattern_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await RegisterAsync("""{"vramGb": 24}""", "prov_a.b"), "providerId");
    }
}
