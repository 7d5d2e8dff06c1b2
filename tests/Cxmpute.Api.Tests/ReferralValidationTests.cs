using System.Net;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>
/// Referral applies are checked in the contract's order before any grain is called: 400 (ids, body), then
/// self_referral, then referral_kind_mismatch.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReferralValidationTests(CxmputeApiFactory factory)
{
    private readonly HttpClient _client = factory.NewClient();

    private Task<HttpResponseMessage> ApplyUserAsync(string userId, string json) => _client.PostJsonAsync($"/api/user/{userId}/referral", json);

    private Task<HttpResponseMessage> ApplyProviderAsync(string providerId, string json) => _client.PostJsonAsync($"/api/providers/{providerId}/referral", json);

    [Fact]
    public async Task A_missing_referralCode_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await ApplyUserAsync(Ids.User(), "{}"), "referralCode");
    }

    [Fact]
    public async Task An_empty_body_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await ApplyUserAsync(Ids.User(), ""), "referralCode");
    }

    [Fact]
    public async Task A_referralCode_off_pattern_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await ApplyUserAsync(Ids.User(), """{"referralCode": "friend-42"}"""), "referralCode");
    }

    [Fact]
    public async Task A_referralCode_of_the_wrong_type_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await ApplyUserAsync(Ids.User(), """{"referralCode": 42}"""), "referralCode");
    }

    [Fact]
    public async Task An_unknown_field_is_refused()
    {
        var json = $$"""{"referralCode": "{{Ids.User()}}", "note": "hi"}""";
        await ProblemAssert.IsValidationAsync(await ApplyUserAsync(Ids.User(), json), "note");
    }

    [Fact]
    public async Task A_provider_id_in_the_user_path_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await ApplyUserAsync(Ids.Provider(), $$"""{"referralCode": "{{Ids.User()}}"}"""), "userId");
    }

    [Fact]
    public async Task A_user_id_in_the_provider_path_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await ApplyProviderAsync(Ids.User(), $$"""{"referralCode": "{{Ids.Provider()}}"}"""), "providerId");
    }

    [Fact]
    public async Task A_bad_path_id_is_reported_before_self_referral()
    {
        await ProblemAssert.IsValidationAsync(await ApplyUserAsync("usr_a.b", """{"referralCode": "usr_a.b"}"""), "userId");
    }

    [Fact]
    public async Task A_users_own_code_is_self_referral()
    {
        var user = Ids.User();
        await ProblemAssert.IsProblemAsync(await ApplyUserAsync(user, $$"""{"referralCode": "{{user}}"}"""),
            HttpStatusCode.UnprocessableEntity, "self_referral");
    }

    [Fact]
    public async Task A_providers_own_code_is_self_referral()
    {
        var provider = Ids.Provider();
        await ProblemAssert.IsProblemAsync(await ApplyProviderAsync(provider, $$"""{"referralCode": "{{provider}}"}"""),
            HttpStatusCode.UnprocessableEntity, "self_referral");
    }

    [Fact]
    public async Task A_provider_code_applied_by_a_user_is_a_kind_mismatch()
    {
        await ProblemAssert.IsProblemAsync(await ApplyUserAsync(Ids.User(), $$"""{"referralCode": "{{Ids.Provider()}}"}"""),
            HttpStatusCode.UnprocessableEntity, "referral_kind_mismatch");
    }

    [Fact]
    public async Task A_user_code_applied_by_a_provider_is_a_kind_mismatch()
    {
        await ProblemAssert.IsProblemAsync(await ApplyProviderAsync(Ids.Provider(), $$"""{"referralCode": "{{Ids.User()}}"}"""),
            HttpStatusCode.UnprocessableEntity, "referral_kind_mismatch");
    }
}
