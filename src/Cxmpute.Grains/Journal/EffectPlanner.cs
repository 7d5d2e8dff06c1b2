using Cxmpute.Abstractions;

namespace Cxmpute.Grains.Journal;

/// <summary>Derives the per-account effects of a journal entry. Pure: the same entry always gives the same effects.</summary>
public static class EffectPlanner
{
    private static readonly EffectKind[] LevelKinds = [EffectKind.Primary, EffectKind.Secondary, EffectKind.Tertiary];

    public static IEnumerable<(string AccountId, Effect Effect)> Plan(JournalEntry entry)
    {
        if (entry.Award is { } award)
        {
            return PlanAward(entry.At, award);
        }

        if (entry.Referral is { } referral)
        {
            return PlanReferral(entry.At, referral);
        }

        return [];
    }

    private static IEnumerable<(string, Effect)> PlanAward(DateTimeOffset at, AwardRecord award)
    {
        var result = award.Result;
        var day = DateOnly.FromDateTime(result.OccurredAt.UtcDateTime);
        if (result.User is { } user)
        {
            yield return (user.AccountId, new Effect(EffectKind.Usage, result.AwardId, user.AccountId, user.Amount, at, day, result.ScheduleVersion)
            {
                Tokens = award.Tokens,
            });
            foreach (var credit in user.Referrals)
            {
                yield return (credit.AccountId, Referral(credit, result, user.AccountId, at, day));
            }
        }

        if (result.Provider is { } provider)
        {
            yield return (provider.AccountId, new Effect(EffectKind.Compute, result.AwardId, provider.AccountId, provider.Amount, at, day, result.ScheduleVersion)
            {
                Tokens = award.Tokens,
                Model = award.Model,
                Tier = provider.Tier,
                LatencyMs = award.LatencyMs,
                Performance = provider.PerformanceMultiplier,
            });
            foreach (var credit in provider.Referrals)
            {
                yield return (credit.AccountId, Referral(credit, result, provider.AccountId, at, day));
            }
        }
    }

    /// <summary>The accounts an award's effects go to (those <see cref="Plan"/> yields for it), for acknowledging it once they have applied them.</summary>
    public static IEnumerable<string> AccountsOf(AwardResult result)
    {
        if (result.User is { } user)
        {
            yield return user.AccountId;
            foreach (var credit in user.Referrals)
            {
                yield return credit.AccountId;
            }
        }

        if (result.Provider is { } provider)
        {
            yield return provider.AccountId;
            foreach (var credit in provider.Referrals)
            {
                yield return credit.AccountId;
            }
        }
    }

    private static Effect Referral(ReferralCreditView credit, AwardResult result, string source, DateTimeOffset at, DateOnly day) =>
        new(LevelKinds[credit.Level - 1], result.AwardId, source, credit.Amount, at, day, result.ScheduleVersion);

    private static IEnumerable<(string, Effect)> PlanReferral(DateTimeOffset at, ReferralRecord referral)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        var awardId = DirectBonusId(referral.Referee);
        yield return (referral.Referee, new Effect(EffectKind.SetReferrer, awardId, referral.Referrer, 0m, at, day, referral.ScheduleVersion)
        {
            Referrer = referral.Referrer,
        });
        yield return (referral.Referrer, new Effect(EffectKind.Direct, awardId, referral.Referee, referral.Bonus, at, day, referral.ScheduleVersion));
        yield return (referral.Referrer, Network(awardId, referral, at, day, 1, referral.RefereeDirect, referral.RefereeSecondary));
        if (referral.Ancestors.Count > 0)
        {
            yield return (referral.Ancestors[0], Network(awardId, referral, at, day, 0, 1, referral.RefereeDirect));
        }

        if (referral.Ancestors.Count > 1)
        {
            yield return (referral.Ancestors[1], Network(awardId, referral, at, day, 0, 0, 1));
        }
    }

    private static Effect Network(string awardId, ReferralRecord referral, DateTimeOffset at, DateOnly day, long level1, long level2, long level3) =>
        new(EffectKind.Network, awardId, referral.Referee, 0m, at, day, referral.ScheduleVersion)
        {
            Level1 = level1,
            Level2 = level2,
            Level3 = level3,
        };

    /// <summary>The ledger id of a direct bonus (api.md): <c>referral:{refereeId}</c>.</summary>
    public static string DirectBonusId(string refereeId) => "referral:" + refereeId;

    /// <summary>Groups the effects of several entries by account, keeping their order.</summary>
    public static Dictionary<string, List<Effect>> ByAccount(IEnumerable<JournalEntry> entries)
    {
        var byAccount = new Dictionary<string, List<Effect>>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            foreach (var (account, effect) in Plan(entry))
            {
                if (!byAccount.TryGetValue(account, out var list))
                {
                    byAccount[account] = list = [];
                }

                list.Add(effect);
            }
        }

        return byAccount;
    }
}
