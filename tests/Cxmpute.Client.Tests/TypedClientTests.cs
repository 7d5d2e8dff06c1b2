using Cxmpute.Client.Tests.Infrastructure;

namespace Cxmpute.Client.Tests;

/// <summary>Each typed call against the real host: its result, and its errors as <see cref="CxmputeApiException"/> with the contract's code.</summary>
[Collection(InProcessCollection.Name)]
public sealed class TypedClientTests(InProcessApi api)
{
    private readonly CxmputeClient _client = api.NewClient();

    [Fact]
    public async Task Registration_award_stats_and_history_round_trip_with_exact_amounts()
    {
        var (user, provider) = (Ids.User(), Ids.Provider());
        var registered = await _client.RegisterProviderAsync(provider, 24.5m);
        Assert.Equal(provider, registered.ProviderId);
        Assert.Equal(24.5m, registered.VramGb);
        Assert.Equal(user, (await _client.RegisterUserAsync(user)).UserId);

        var award = new Award(Ids.Award(), "chat") { UserId = user, ProviderId = provider, Model = "Llama3-8B", Tokens = 1000, LatencyMs = 1500 };
        var result = await _client.PostAwardAsync(award);
        Assert.False(result.Duplicate);
        Assert.True(result.User!.Amount > 0m);
        Assert.True(result.Provider!.Amount > 0m);
        var again = await _client.PostAwardAsync(award);
        Assert.True(again.Duplicate);
        Assert.Equal(result.Provider.Amount, again.Provider!.Amount);

        var stats = await _client.GetProviderReferralStatsAsync(provider);
        Assert.Equal(result.Provider.Amount, stats.Lifetime.Earned);
        Assert.Equal(30, stats.History.Count);
        Assert.Equal(result.User.Amount, (await _client.GetUserReferralStatsAsync(user)).Lifetime.Earned);

        var page = await _client.GetUserRewardsAsync(user, limit: 10);
        var entry = Assert.Single(page.Entries);
        Assert.Equal(award.AwardId, entry.AwardId);
        Assert.Equal(result.User.Amount, entry.Amount);
        Assert.Null(page.Cursor);
        Assert.Single((await _client.GetProviderRewardsAsync(provider)).Entries);
    }

    [Fact]
    public async Task A_batch_answers_each_item_on_its_own()
    {
        var user = Ids.User();
        var answer = await _client.PostAwardBatchAsync(
        [
            new Award(Ids.Award(), "chat") { UserId = user, Tokens = 10 },
            new Award(Ids.Award(), "no-such-service") { UserId = user },
        ]);

        Assert.Equal(200, answer.Results[0].Status);
        Assert.Equal(400, answer.Results[1].Status);
        Assert.Equal(CxmputeErrorCodes.ValidationFailed, answer.Results[1].Error!.Code);
    }

    [Fact]
    public async Task Referrals_apply_once_and_their_errors_carry_the_contract_codes()
    {
        var (parent, child) = (Ids.User(), Ids.User());
        await _client.RegisterUserAsync(parent);
        var applied = await _client.ApplyUserReferralAsync(child, parent);
        Assert.Equal(parent, applied.ReferredBy);
        Assert.Equal(25m, applied.DirectBonus);

        var again = await Assert.ThrowsAsync<CxmputeApiException>(() => _client.ApplyUserReferralAsync(child, parent));
        Assert.Equal((409, CxmputeErrorCodes.ReferrerAlreadySet), (again.Status, again.Code));
        var self = await Assert.ThrowsAsync<CxmputeApiException>(() => _client.ApplyUserReferralAsync(parent, parent));
        Assert.Equal((422, CxmputeErrorCodes.SelfReferral), (self.Status, self.Code));

        var (provider, parentProvider) = (Ids.Provider(), Ids.Provider());
        await _client.RegisterProviderAsync(provider, 8m);
        var missing = await Assert.ThrowsAsync<CxmputeApiException>(() => _client.ApplyProviderReferralAsync(provider, parentProvider));
        Assert.Equal((404, CxmputeErrorCodes.AccountNotFound), (missing.Status, missing.Code));
        var mismatch = await Assert.ThrowsAsync<CxmputeApiException>(() => _client.ApplyProviderReferralAsync(provider, parent));
        Assert.Equal(CxmputeErrorCodes.ReferralKindMismatch, mismatch.Code);
    }

    [Fact]
    public async Task Errors_are_typed_exceptions_with_code_status_detail_and_field_errors()
    {
        var invalid = await Assert.ThrowsAsync<CxmputeApiException>(() => _client.RegisterProviderAsync(Ids.Provider(), -1m));
        Assert.Equal((400, CxmputeErrorCodes.ValidationFailed), (invalid.Status, invalid.Code));
        Assert.Contains("vramGb", invalid.Errors.Keys);
        Assert.False(invalid.IsTransient);

        var unknown = await Assert.ThrowsAsync<CxmputeApiException>(() => _client.GetUserReferralStatsAsync(Ids.User()));
        Assert.Equal((404, CxmputeErrorCodes.AccountNotFound), (unknown.Status, unknown.Code));
        Assert.False(string.IsNullOrEmpty(unknown.Detail));

        var provider = Ids.Provider();
        await _client.RegisterProviderAsync(provider, 4m);
        var tier = await Assert.ThrowsAsync<CxmputeApiException>(() =>
            _client.PostAwardAsync(new Award(Ids.Award(), "chat") { ProviderId = provider, Model = "Llama3-70B", Tokens = 10 }));
        Assert.Equal((422, CxmputeErrorCodes.TierNotEligible), (tier.Status, tier.Code));

        var unauthorized = await Assert.ThrowsAsync<CxmputeApiException>(() => api.NewClient("wrong-key").RegisterUserAsync(Ids.User()));
        Assert.Equal((401, CxmputeErrorCodes.Unauthorized), (unauthorized.Status, unauthorized.Code));
    }

    [Fact]
    public async Task The_event_stream_says_ready_then_changed_when_the_account_changes()
    {
        var user = Ids.User();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var events = _client.GetUserEventsAsync(user, cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal("ready", events.Current.Event);
        await _client.PostAwardAsync(new Award(Ids.Award(), "chat") { UserId = user, Tokens = 5 }, cts.Token);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal("changed", events.Current.Event);
    }
}
