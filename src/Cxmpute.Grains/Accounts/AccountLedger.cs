using Cxmpute.Grains.Journal;

namespace Cxmpute.Grains.Accounts;

/// <summary>Applies effects to an account's state. Pure bookkeeping: no I/O, no clocks beyond the one passed in.</summary>
internal static class AccountLedger
{
    /// <summary>Applies one effect; returns a sealed ledger page, as stored, when the open page filled up.</summary>
    public static byte[]? Apply(AccountState state, Effect effect, DateOnly today)
    {
        state.Exists = true;
        switch (effect.Kind)
        {
            case EffectKind.Touch:
                return null;
            case EffectKind.SetReferrer:
                state.ReferrerId ??= effect.Referrer;
                return null;
            case EffectKind.Network:
                state.Direct += effect.Level1;
                state.Secondary += effect.Level2;
                state.Tertiary += effect.Level3;
                if (effect.Level1 > 0 && Bucket(state, effect.Day, today) is { } day)
                {
                    day.NewReferrals += effect.Level1;
                }

                return null;
            default:
                return Credit(state, effect, today);
        }
    }

    private static byte[]? Credit(AccountState state, Effect effect, DateOnly today)
    {
        var bucket = Bucket(state, effect.Day, today);
        switch (effect.Kind)
        {
            case EffectKind.Usage:
            case EffectKind.Compute:
                state.OwnTotal += effect.Amount;
                state.Requests++;
                state.Tokens += effect.Tokens;
                if (bucket is not null)
                {
                    bucket.Own += effect.Amount;
                    bucket.Requests++;
                    bucket.Tokens += effect.Tokens;
                    AddProviderActivity(bucket, effect);
                }

                break;
            case EffectKind.Primary:
                state.PrimaryTotal += effect.Amount;
                bucket?.Primary += effect.Amount;
                break;
            case EffectKind.Secondary:
                state.SecondaryTotal += effect.Amount;
                bucket?.Secondary += effect.Amount;
                break;
            case EffectKind.Tertiary:
                state.TertiaryTotal += effect.Amount;
                bucket?.Tertiary += effect.Amount;
                break;
            case EffectKind.Direct:
                state.DirectTotal += effect.Amount;
                bucket?.Direct += effect.Amount;
                break;
        }

        state.Open.Add(new LedgerRecord
        {
            AwardId = effect.AwardId,
            Kind = KindName(effect.Kind),
            Amount = effect.Amount,
            Source = effect.Source,
            At = effect.At,
            ScheduleVersion = effect.ScheduleVersion,
        });
        if (state.Open.Count < state.PageSize)
        {
            return null;
        }

        state.Sealed++;
        return state.Open.Seal();
    }

    private static void AddProviderActivity(DayBucket bucket, Effect effect)
    {
        if (effect.Kind != EffectKind.Compute)
        {
            return;
        }

        if (effect.Model is { } model)
        {
            bucket.AddModel(model, effect.Amount);
        }

        if (effect.Tier is { } tier)
        {
            bucket.AddTier(tier, effect.Amount);
        }

        if (effect.LatencyMs is { } latency)
        {
            bucket.LatencyCount++;
            bucket.LatencySum += latency;
        }

        if (effect.Performance > 1m)
        {
            bucket.Fast++;
        }
        else if (effect.Performance < 1m)
        {
            bucket.Slow++;
        }
    }

    /// <summary>The bucket of a day inside the 30-day window (or up to a day ahead); null for older days.</summary>
    private static DayBucket? Bucket(AccountState state, DateOnly day, DateOnly today)
    {
        var oldest = today.AddDays(-29);
        state.Days.RemoveAll(d => d.Day < oldest);
        if (day < oldest)
        {
            return null;
        }

        var index = state.Days.FindIndex(d => d.Day >= day);
        if (index >= 0 && state.Days[index].Day == day)
        {
            return state.Days[index];
        }

        var bucket = new DayBucket { Day = day };
        state.Days.Insert(index < 0 ? state.Days.Count : index, bucket);
        return bucket;
    }

    public static string KindName(EffectKind kind) => kind switch
    {
        EffectKind.Usage => "usage",
        EffectKind.Compute => "compute",
        EffectKind.Primary => "primary",
        EffectKind.Secondary => "secondary",
        EffectKind.Tertiary => "tertiary",
        EffectKind.Direct => "direct",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a credit"),
    };
}
