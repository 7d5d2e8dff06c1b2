using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>Stats and history refuse ids of the wrong kind and bad paging with 400 naming the parameter.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReadValidationTests(CxmputeApiFactory factory)
{
    private readonly HttpClient _client = factory.NewClient();

    [Fact]
    public async Task User_stats_with_a_provider_id_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await _client.GetAsync($"/api/user/{Ids.Provider()}/referral-stats"), "userId");
    }

    [Fact]
    public async Task Provider_stats_with_a_user_id_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await _client.GetAsync($"/api/providers/{Ids.User()}/referral-stats"), "providerId");
    }

    [Fact]
    public async Task User_history_with_a_provider_id_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await _client.GetAsync($"/api/user/{Ids.Provider()}/rewards"), "userId");
    }

    [Fact]
    public async Task Provider_history_with_a_user_id_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await _client.GetAsync($"/api/providers/{Ids.User()}/rewards"), "providerId");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("2.5")]
    [InlineData("")]
    public async Task A_limit_outside_1_to_1000_is_refused(string limit)
    {
        await ProblemAssert.IsValidationAsync(await _client.GetAsync($"/api/user/{Ids.User()}/rewards?limit={limit}"), "limit");
    }

    [Fact]
    public async Task An_oversize_cursor_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await _client.GetAsync($"/api/user/{Ids.User()}/rewards?cursor={new string('c', 1025)}"), "cursor");
    }
}
