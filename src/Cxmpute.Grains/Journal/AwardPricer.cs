using Cxmpute.Abstractions;
using Cxmpute.Grains.Accounts;
using Cxmpute.Grains.Referrals;
using Cxmpute.Rewards;

namespace Cxmpute.Grains.Journal;

/// <summary>
/// Prices a journal's awards with the reward schedule: the provider's registration and both referral chains are looked
/// up (from memory, or from storage for an account not active yet), then each award gets its journal entry with the
/// user's points, the provider's earnings and the level 1-3 splits, or its error.
/// </summary>
internal sealed class AwardPricer(IGrainFactory grains, RewardSchedule schedule, LedgerOptions options)
{
    /// <summary>
    /// Prices the awards whose accounts are ready (or fails them: unknown provider, tier not eligible) and returns the
    /// others: an account they need was still loading from storage after <see cref="LedgerOptions.LookupWait"/>.
    /// Awards set aside once are priced with every lookup awaited, so each is set aside at most once and a lookup that
    /// fails fails its group as before.
    /// </summary>
    public async Task<List<PendingAward>> PriceAsync(List<PendingAward> items, DateTimeOffset now)
    {
        if (items.Count == 0)
        {
            return [];
        }

        TimeSpan? wait = items.Exists(i => i.WasSetAside) ? null : options.LookupWait;
        var providerIds = items.Select(i => i.Request.ProviderId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        // The users' chains do not depend on the providers' links: one round trip for both instead of two in a row.
        var linkTasks = providerIds.Select(id => grains.Grain<ILedgerAccountGrain>(id).GetLinksAsync()).ToArray();
        var userChainsTask = ChainsAsync(IReferralGrain.Users, items.Select(i => i.Request.UserId), wait);
        var links = Task.WhenAll(linkTasks);
        if (wait is null)
        {
            await links;
        }
        else if (!links.IsCompleted)
        {
            await Task.WhenAny(links, Task.Delay(wait.Value));
        }

        var providers = new Dictionary<string, AccountLinks?>(providerIds.Count, StringComparer.Ordinal);
        for (var i = 0; i < providerIds.Count; i++)
        {
            providers[providerIds[i]] = linkTasks[i].IsCompletedSuccessfully ? linkTasks[i].Result : null;
        }

        var userChains = await userChainsTask;
        var providerChains = await ChainsAsync(IReferralGrain.Providers, providerIds.Where(id => providers[id] is { Registered: true }), wait);

        var aside = new List<PendingAward>();
        foreach (var item in items)
        {
            var request = item.Request;
            ProviderAwardView? provider = null;
            string? model = null;
            if ((request.ProviderId is { } waiting && (providers[waiting] is not { } known || (known.Registered && providerChains[waiting] is null)))
                || (request.UserId is { } earner && userChains[earner] is null))
            {
                aside.Add(item);
                continue;
            }

            if (request.ProviderId is { } providerId)
            {
                var link = providers[providerId]!;
                if (!link.Registered || link.VramGb is not { } vram)
                {
                    item.Fail(ErrorCodes.AccountNotFound, $"provider {providerId} has not registered its hardware", "providerId");
                    continue;
                }

                ProviderPrice price;
                try
                {
                    price = schedule.PriceProvider(item.Service, request.Model!, request.Tokens, request.LatencyMs, vram);
                }
                catch (TierNotEligibleException ex)
                {
                    item.Fail(ErrorCodes.TierNotEligible, ex.Message, "model");
                    continue;
                }

                model = price.Model;
                provider = new ProviderAwardView(providerId, price.Tier.ToWire(), price.Complexity, price.BaseReward, price.TokenReward,
                    price.PerformanceMultiplier, price.Amount, Split(AccountKind.Provider, price.Amount, providerChains[providerId]!));
            }

            UserAwardView? user = null;
            if (request.UserId is { } userId)
            {
                var points = schedule.PriceUser(item.Service, request.Tokens);
                user = new UserAwardView(userId, points, Split(AccountKind.User, points, userChains[userId]!));
            }

            var result = new AwardResult(request.AwardId, false, user, provider, schedule.Version, request.OccurredAt ?? now);
            item.Entry = new JournalEntry
            {
                Award = new AwardRecord
                {
                    Fingerprint = AwardFingerprint.ToText(item.Fingerprint),
                    Service = item.Service.ToWire(),
                    Tokens = request.Tokens,
                    LatencyMs = request.LatencyMs,
                    Model = model,
                    Result = result,
                },
            };
        }

        return aside;
    }

    /// <summary>The referral chains of <paramref name="ids"/>: all of them, or (with a <paramref name="wait"/>) those known within it, null for the rest.</summary>
    private async Task<Dictionary<string, IReadOnlyList<string>?>> ChainsAsync(string graph, IEnumerable<string?> ids, TimeSpan? wait)
    {
        var distinct = ids.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return [];
        }

        var referrals = grains.Grain<IReferralJournalGrain>(graph);
        var chains = wait is { } within
            ? await referrals.GetChainsAsync(distinct, within)
            : (await referrals.GetChainsAsync(distinct)).ToArray<IReadOnlyList<string>?>();
        return distinct.Zip(chains).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }

    /// <summary>The same lookups as pricing, without a time limit: when they are done, the accounts are active and the chains cached.</summary>
    public Task WarmAsync(IReadOnlyList<PendingAward> items)
    {
        var providerIds = items.Select(i => i.Request.ProviderId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return Task.WhenAll(
            Task.WhenAll(providerIds.Select(id => grains.Grain<ILedgerAccountGrain>(id).GetLinksAsync())),
            ChainsAsync(IReferralGrain.Users, items.Select(i => i.Request.UserId), null),
            ChainsAsync(IReferralGrain.Providers, providerIds, null));
    }

    private IReadOnlyList<ReferralCreditView> Split(AccountKind kind, decimal amount, IReadOnlyList<string> chain)
    {
        var split = schedule.ReferralSplit(kind, amount);
        return [.. chain.Take(split.Count).Select((account, i) => new ReferralCreditView(i + 1, account, split[i]))];
    }
}
