using Cxmpute.Abstractions;

namespace Cxmpute.Grains.Tests.Infrastructure;

/// <summary>Calls the ledger the way the front end does.</summary>
internal sealed class LedgerDriver(IGrainFactory grains)
{
    public async Task<AwardOutcome> AwardAsync(AwardRequest request) => (await AwardsAsync([request]))[0];

    public Task<IReadOnlyList<AwardOutcome>> AwardsAsync(IReadOnlyList<AwardRequest> requests) =>
        grains.GetGrain<IAwardIngressGrain>(0).SubmitAsync(requests);

    public async Task<AwardResult> AwardOkAsync(AwardRequest request)
    {
        var outcome = await AwardAsync(request);
        Assert.True(outcome.Error is null, $"award failed: {outcome.Error}");
        return outcome.Result!;
    }

    public Task<ProviderRegistration> RegisterAsync(string providerId, decimal vramGb) =>
        grains.GetGrain<IAccountGrain>(providerId).RegisterProviderAsync(vramGb);

    public Task<ReferralOutcome> ReferAsync(string accountId, string code) =>
        grains.GetGrain<IReferralGrain>(IReferralGrain.KeyFor(accountId)).ApplyAsync(accountId, code);

    /// <summary>Applies a referral as a client would: retried while the ledger answers unavailable.</summary>
    public async Task ReferOkAsync(string accountId, string code)
    {
        for (var attempt = 0; ; attempt++)
        {
            var outcome = await ReferAsync(accountId, code);
            if (outcome.Error?.Code == ErrorCodes.Unavailable && attempt < 20)
            {
                await Task.Delay(500);
                continue;
            }

            // A retry of an apply that was committed but not confirmed finds the relationship already set.
            if (attempt > 0 && outcome.Error?.Code == ErrorCodes.ReferrerAlreadySet
                && (await StatsAsync(accountId))?.ReferredBy == code)
            {
                return;
            }

            Assert.True(outcome.Error is null, $"referral {accountId} -> {code} failed: {outcome.Error}");
            return;
        }
    }

    public Task<AccountStatsView?> StatsAsync(string accountId) => grains.GetGrain<IAccountGrain>(accountId).GetStatsAsync();

    public async Task<AccountStatsView> StatsOkAsync(string accountId) =>
        await StatsAsync(accountId) ?? throw new Xunit.Sdk.XunitException($"{accountId} has no stats");

    public async Task<List<LedgerEntryView>> LedgerAsync(string accountId, int limit = 1000)
    {
        var all = new List<LedgerEntryView>();
        string? cursor = null;
        do
        {
            var page = await grains.GetGrain<IAccountGrain>(accountId).GetLedgerAsync(cursor, limit)
                ?? throw new Xunit.Sdk.XunitException($"{accountId} has no ledger");
            all.AddRange(page.Entries);
            cursor = page.Cursor;
        }
        while (cursor is not null);
        return all;
    }

    public async Task<string> UserChainAsync(params string[] ids)
    {
        // ids[0] is the root; each next one joins the previous.
        await grains.GetGrain<IAccountGrain>(ids[0]).EnsureUserAsync();
        for (var i = 1; i < ids.Length; i++)
        {
            await ReferOkAsync(ids[i], ids[i - 1]);
        }

        return ids[^1];
    }

    public static AwardRequest Chat(string? userId, string? providerId, int tokens = 1000, string model = "Llama3-70B", int? latencyMs = null, string? awardId = null) =>
        new(awardId ?? Ids.Award(), "chat", userId, providerId, providerId is null ? null : model, tokens, latencyMs, null);
}
