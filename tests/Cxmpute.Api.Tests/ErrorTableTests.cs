using System.Net;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>The award and read rows of the contract's error table, and idempotency by awardId.</summary>
[Collection(ApiCollection.Name)]
[Trait(Needs.Key, Needs.Grains)]
public sealed class ErrorTableTests(CxmputeApiFactory factory)
{
    private readonly LedgerApi _api = new(factory.NewClient());

    [Fact]
    public async Task An_award_for_a_provider_that_never_registered_is_404()
    {
        var provider = Ids.Provider();
        await ProblemAssert.IsProblemAsync(await _api.AwardAsync(Awards.ProviderChat(provider)), HttpStatusCode.NotFound, "account_not_found");
    }

    [Fact]
    public async Task A_model_above_the_providers_hardware_is_422_tier_not_eligible()
    {
        var provider = await _api.ProviderAsync(8m);

        await ProblemAssert.IsProblemAsync(await _api.AwardAsync(Awards.ProviderChat(provider, "Llama3-70B")),
            HttpStatusCode.UnprocessableEntity, "tier_not_eligible");
        Assert.Equal(0m, (await _api.StatsOkAsync(provider)).GetProperty("lifetime").Decimal("total"));
    }

    [Fact]
    public async Task The_same_award_twice_is_a_duplicate_that_credits_nothing()
    {
        var user = Ids.User();
        var award = Awards.UserChat(user);

        var first = await _api.AwardOkAsync(award);
        var second = await _api.AwardOkAsync(award);

        Assert.False(first.GetProperty("duplicate").GetBoolean());
        Assert.True(second.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("user").GetRawText(), second.GetProperty("user").GetRawText());
        Assert.Equal(2m, (await _api.StatsOkAsync(user)).Decimal("totalUsageRewards"));
    }

    [Fact]
    public async Task The_same_awardId_with_another_body_is_409_award_id_conflict()
    {
        var user = Ids.User();
        var award = Awards.UserChat(user);
        await _api.AwardOkAsync(award);
        award["tokens"] = 5;

        await ProblemAssert.IsProblemAsync(await _api.AwardAsync(award), HttpStatusCode.Conflict, "award_id_conflict");
        Assert.Equal(2m, (await _api.StatsOkAsync(user)).Decimal("totalUsageRewards"));
    }

    [Fact]
    public async Task Stats_of_an_account_never_seen_is_404()
    {
        await ProblemAssert.IsProblemAsync(await _api.Client.GetAsync($"/api/user/{Ids.User()}/referral-stats"), HttpStatusCode.NotFound, "account_not_found");
        await ProblemAssert.IsProblemAsync(await _api.Client.GetAsync($"/api/providers/{Ids.Provider()}/referral-stats"), HttpStatusCode.NotFound, "account_not_found");
    }

    [Fact]
    public async Task History_of_an_account_never_seen_is_404()
    {
        await ProblemAssert.IsProblemAsync(await _api.Client.GetAsync($"/api/user/{Ids.User()}/rewards"), HttpStatusCode.NotFound, "account_not_found");
    }

    [Fact]
    public async Task Registering_a_provider_answers_its_tier()
    {
        var provider = Ids.Provider();

        var registered = await _api.RegisterAsync(provider, 7.5m);

        Assert.Equal(["providerId", "vramGb", "tier"], registered.PropertyNames());
        Assert.Equal(provider, registered.GetProperty("providerId").GetString());
        Assert.Equal(7.5m, registered.Decimal("vramGb"));
        Assert.Equal("blue-surge", registered.GetProperty("tier").GetString());
        Assert.Equal("mariana-depth", (await _api.RegisterAsync(provider, 22m)).GetProperty("tier").GetString());
    }

    [Fact]
    public async Task Registering_a_user_is_idempotent()
    {
        var user = Ids.User();
        var first = await JsonAssert.IsOkAsync(await _api.Client.PutJsonAsync($"/api/user/{user}", "{}"));
        var second = await JsonAssert.IsOkAsync(await _api.Client.PutJsonAsync($"/api/user/{user}", ""));

        Assert.Equal($$"""{"userId":"{{user}}"}""", first.GetRawText());
        Assert.Equal(first.GetRawText(), second.GetRawText());
    }
}
