using System.Net;
using System.Text.Json;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>Applying referral codes through the API: the bonus, and every error row of the contract in its order.</summary>
[Collection(ApiCollection.Name)]
[Trait(Needs.Key, Needs.Grains)]
public sealed class ReferralApiTests(CxmputeApiFactory factory)
{
    private readonly LedgerApi _api = new(factory.NewClient());

    [Fact]
    public async Task A_user_code_pays_the_referrer_a_direct_bonus_of_25()
    {
        var parent = await _api.UserAsync();
        var child = await _api.UserAsync();

        var applied = await _api.ReferOkAsync(child, parent);

        Assert.Equal(["accountId", "referredBy", "directBonus"], applied.PropertyNames());
        Assert.Equal(child, applied.GetProperty("accountId").GetString());
        Assert.Equal(parent, applied.GetProperty("referredBy").GetString());
        Assert.Equal(25m, applied.Decimal("directBonus"));
        var stats = await _api.StatsOkAsync(parent);
        Assert.Equal(25m, stats.GetProperty("referralRewardsByType").Decimal("direct"));
        Assert.Equal(1, stats.GetProperty("directReferrals").GetInt64());
        Assert.Equal(parent, (await _api.StatsOkAsync(child)).GetProperty("referredBy").GetString());
    }

    [Fact]
    public async Task A_provider_code_pays_the_referrer_a_direct_bonus_of_50()
    {
        var parent = await _api.ProviderAsync();
        var child = await _api.ProviderAsync();

        var applied = await _api.ReferOkAsync(child, parent);

        Assert.Equal(50m, applied.Decimal("directBonus"));
        Assert.Equal(50m, (await _api.StatsOkAsync(parent)).Decimal("totalReferralRewards"));
    }

    [Fact]
    public async Task A_user_applying_a_code_is_created_by_it()
    {
        var parent = await _api.UserAsync();
        var child = Ids.User();

        await _api.ReferOkAsync(child, parent);

        Assert.Equal(parent, (await _api.StatsOkAsync(child)).GetProperty("referredBy").GetString());
    }

    [Fact]
    public async Task A_code_naming_no_account_is_404()
    {
        var child = await _api.UserAsync();
        await ProblemAssert.IsProblemAsync(await _api.ReferAsync(child, Ids.User()), HttpStatusCode.NotFound, "account_not_found");
    }

    [Fact]
    public async Task An_unregistered_provider_applying_is_404()
    {
        var parent = await _api.ProviderAsync();
        await ProblemAssert.IsProblemAsync(await _api.ReferAsync(Ids.Provider(), parent), HttpStatusCode.NotFound, "account_not_found");
    }

    [Fact]
    public async Task A_second_referrer_is_409_referrer_already_set()
    {
        var (first, second, child) = (await _api.UserAsync(), await _api.UserAsync(), await _api.UserAsync());
        await _api.ReferOkAsync(child, first);

        await ProblemAssert.IsProblemAsync(await _api.ReferAsync(child, second), HttpStatusCode.Conflict, "referrer_already_set");
        Assert.Equal(first, (await _api.StatsOkAsync(child)).GetProperty("referredBy").GetString());
    }

    [Fact]
    public async Task Referring_a_descendant_is_422_referral_cycle()
    {
        var chain = await _api.UserChainAsync(3);
        await ProblemAssert.IsProblemAsync(await _api.ReferAsync(chain[0], chain[2]), HttpStatusCode.UnprocessableEntity, "referral_cycle");
        Assert.Equal(JsonValueKind.Null, (await _api.StatsOkAsync(chain[0])).GetProperty("referredBy").ValueKind);
    }

    [Fact]
    public async Task Self_referral_wins_over_404()
    {
        var never = Ids.User();
        await ProblemAssert.IsProblemAsync(await _api.ReferAsync(never, never), HttpStatusCode.UnprocessableEntity, "self_referral");
        await ProblemAssert.IsProblemAsync(await _api.Client.GetAsync(Writes.Stats(never)), HttpStatusCode.NotFound, "account_not_found");
    }

    [Fact]
    public async Task Kind_mismatch_wins_over_referrer_already_set()
    {
        var (parent, child) = (await _api.UserAsync(), await _api.UserAsync());
        await _api.ReferOkAsync(child, parent);
        var provider = await _api.ProviderAsync();

        await ProblemAssert.IsProblemAsync(await _api.ReferAsync(child, provider), HttpStatusCode.UnprocessableEntity, "referral_kind_mismatch");
    }
}
