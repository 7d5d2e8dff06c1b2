using System.Globalization;

namespace Cxmpute.Rewards.Internal;

/// <summary>Reads <c>tiers</c>: one entry per tier with its rates and VRAM range; checks that the ranges cover (0, ∞).</summary>
internal static class TierSection
{
    private const string MinInclusive = "minVramGbInclusive";
    private const string MinExclusive = "minVramGbExclusive";
    private const string MaxInclusive = "maxVramGbInclusive";
    private const string MaxExclusive = "maxVramGbExclusive";

    public static TierRates[]? Read(JsonObjectReader root)
    {
        var tiers = KeyedEntries.Read(
            root,
            "tiers",
            "tier",
            WireNames.AllTiers,
            name => WireNames.TryParseTier(name, out var t) ? (int)t : -1,
            ReadTier,
            out var labels);
        return tiers is not null && VramCoverage.Check(tiers, labels, root.Errors) ? tiers : null;
    }

    private static TierRates? ReadTier(JsonObjectReader e, int tier)
    {
        var baseReward = e.Decimal("baseReward");
        var tokenMultiplier = e.Decimal("tokenMultiplier");
        var minOk = TryReadBound(e, MinInclusive, MinExclusive, required: true, out var min);
        var maxOk = TryReadBound(e, MaxInclusive, MaxExclusive, required: false, out var max);
        if (baseReward is not { } b || tokenMultiplier is not { } t || !minOk || !maxOk || min is not { } lo)
        {
            return null;
        }

        return new TierRates((Tier)tier, b, t, lo.Value, lo.Inclusive, max?.Value, max?.Inclusive ?? false);
    }

    private static bool TryReadBound(
        JsonObjectReader e, string inclusiveName, string exclusiveName, bool required, out VramBound? bound)
    {
        bound = null;
        var hasInclusive = e.Has(inclusiveName);
        if (hasInclusive && e.Has(exclusiveName))
        {
            e.Get(inclusiveName);
            e.Get(exclusiveName);
            e.Error($"give only one of '{inclusiveName}' and '{exclusiveName}'");
            return false;
        }

        if (!hasInclusive && !e.Has(exclusiveName))
        {
            if (required)
            {
                e.Error($"one of '{inclusiveName}' or '{exclusiveName}' is required");
            }

            return !required;
        }

        if (e.Decimal(hasInclusive ? inclusiveName : exclusiveName) is not { } value)
        {
            return false;
        }

        bound = new VramBound(value, hasInclusive);
        return true;
    }

    internal static string Gb(decimal value) => value.ToString(CultureInfo.InvariantCulture) + " GB";

    private readonly record struct VramBound(decimal Value, bool Inclusive);
}
