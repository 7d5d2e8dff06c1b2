using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary><c>PUT /api/user/{userId}</c> refuses bad ids and unexpected members.</summary>
[Collection(ApiCollection.Name)]
public sealed class UserValidationTests(CxmputeApiFactory factory)
{
    private readonly HttpClient _client = factory.NewClient();

    [Fact]
    public async Task A_provider_id_in_the_user_path_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await _client.PutJsonAsync($"/api/user/{Ids.Provider()}", "{}"), "userId");
    }

    [Fact]
    public async Task A_user_id_off_pattern_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await _client.PutJsonAsync("/api/user/usr_", "{}"), "userId");
    }

    [Fact]
    public async Task An_oversize_user_id_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await _client.PutJsonAsync("/api/user/usr_" + new string('a', 65), "{}"), "userId");
    }

    [Fact]
    public async Task An_unknown_field_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await _client.PutJsonAsync($"/api/user/{Ids.User()}", """{"name": "x"}"""), "name");
    }

    [Fact]
    public async Task A_body_that_is_not_an_object_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await _client.PutJsonAsync($"/api/user/{Ids.User()}", "42"), "body");
    }
}
