using Cxmpute.Abstractions;
using Cxmpute.Grains.Journal;
using Cxmpute.Rewards;

namespace Cxmpute.Audit.Checks;

/// <summary>Re-prices a journaled award with its schedule and lists every recorded amount that differs.</summary>
internal static class AwardPricing
{
    public static IEnumerable<string> Problems(RewardSchedule schedule, AwardRecord award)
    {
        if (!WireNames.TryParseService(award.Service, out var service))
        {
            yield return $"unknown service '{award.Service}'";
            yield break;
        }

        if (award.Tokens < 0 || award.LatencyMs < 0)
        {
            yield return $"negative tokens ({award.Tokens}) or latency ({award.LatencyMs})";
            yield break;
        }

        var result = award.Result;
        if (result.User is { } user)
        {
            var points = schedule.PriceUser(service, award.Tokens);
            if (user.Amount != points)
            {
                yield return $"user {user.AccountId} amount {user.Amount}, schedule gives {points}";
            }

            foreach (var problem in Split(schedule, AccountKind.User, user.Amount, user.Referrals))
            {
                yield return "user " + problem;
            }
        }

        if (result.Provider is { } provider)
        {
            foreach (var problem in Provider(schedule, service, award, provider))
            {
                yield return problem;
            }
        }
    }

    private static IEnumerable<string> Provider(RewardSchedule schedule, ServiceKind service, AwardRecord award, ProviderAwardView provider)
    {
        if (string.IsNullOrWhiteSpace(award.Model))
        {
            yield return $"provider {provider.AccountId} earned without a model";
            yield break;
        }

        // The provider's hardware only decides eligibility (rule: hardware-tier), never the amount: price as the top tier.
        var topTier = schedule.Tiers[^1];
        var price = schedule.PriceProvider(service, award.Model, award.Tokens, award.LatencyMs, topTier.MinVramGb + 1m);
        var recorded = (provider.Tier, provider.Complexity, provider.BaseReward, provider.TokenReward, provider.PerformanceMultiplier, provider.Amount, award.Model);
        var expected = (price.Tier.ToWire(), price.Complexity, price.BaseReward, price.TokenReward, price.PerformanceMultiplier, price.Amount, price.Model);
        if (recorded != expected)
        {
            yield return $"provider {provider.AccountId} (tier, complexity, base, token, performance, amount, model) recorded {recorded}, schedule gives {expected}";
        }

        foreach (var problem in Split(schedule, AccountKind.Provider, provider.Amount, provider.Referrals))
        {
            yield return "provider " + problem;
        }
    }

    private static IEnumerable<string> Split(RewardSchedule schedule, AccountKind kind, decimal amount, IReadOnlyList<ReferralCreditView> credits)
    {
        var split = schedule.ReferralSplit(kind, amount);
        if (credits.Count > split.Count)
        {
            yield return $"{credits.Count} referral levels, at most {split.Count}";
            yield break;
        }

        for (var i = 0; i < credits.Count; i++)
        {
            var credit = credits[i];
            if (credit.Level != i + 1)
            {
                yield return $"referral credit {i} to {credit.AccountId} has level {credit.Level}, expected {i + 1}";
            }
            else if (credit.Amount != split[i])
            {
                yield return $"level {credit.Level} credit to {credit.AccountId} is {credit.Amount}, schedule gives {split[i]} of {amount}";
            }
        }
    }
}
