namespace Cxmpute.Rewards.Internal;

/// <summary>Reads <c>referrals</c>: per account kind, the direct bonus and the rates of levels 1–3.</summary>
internal static class ReferralSection
{
    public const int Levels = 3;

    public static ReferralRates[]? Read(JsonObjectReader root)
    {
        if (root.Object("referrals", "referrals") is not { } referrals)
        {
            return null;
        }

        var user = ReadKind(referrals, AccountKind.User, "user");
        var provider = ReadKind(referrals, AccountKind.Provider, "provider");
        referrals.RejectUnknown();
        return user is not null && provider is not null ? [user, provider] : null;
    }

    private static ReferralRates? ReadKind(JsonObjectReader parent, AccountKind kind, string name)
    {
        if (parent.Object(name, $"referrals.{name}") is not { } e)
        {
            return null;
        }

        var bonus = e.Decimal("directBonus");
        var rates = ReadLevelRates(e);
        e.RejectUnknown();
        return bonus is { } b && rates is not null ? new ReferralRates(kind, b, rates) : null;
    }

    private static decimal[]? ReadLevelRates(JsonObjectReader e)
    {
        if (e.Array("levelRates") is not { } items)
        {
            return null;
        }

        if (items.Count != Levels)
        {
            e.Error($"'levelRates' must have exactly {Levels} entries (levels 1, 2, 3), found {items.Count}");
            return null;
        }

        var rates = new decimal[Levels];
        var ok = true;
        for (var i = 0; i < Levels; i++)
        {
            var rate = e.ReadDecimal(items[i], $"'levelRates[{i}]' (level {i + 1})", max: 1m);
            rates[i] = rate ?? 0;
            ok &= rate is not null;
        }

        return ok ? rates : null;
    }
}
