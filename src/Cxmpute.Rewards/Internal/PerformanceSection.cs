namespace Cxmpute.Rewards.Internal;

/// <summary>Reads <c>performance</c>: the fast and slow latency thresholds and their multipliers.</summary>
internal static class PerformanceSection
{
    public static PerformanceRule? Read(JsonObjectReader root)
    {
        if (root.Object("performance", "performance") is not { } p)
        {
            return null;
        }

        var (fastBelow, fast) = ReadBand(p, "fast", "belowLatencyMs");
        var (slowAbove, slow) = ReadBand(p, "slow", "aboveLatencyMs");
        var normal = p.Decimal("normalMultiplier");
        p.RejectUnknown();
        if (fastBelow is not { } below || fast is not { } f || slowAbove is not { } above || slow is not { } s || normal is not { } n)
        {
            return null;
        }

        if (below > above)
        {
            p.Error($"fast.belowLatencyMs ({below}) must not exceed slow.aboveLatencyMs ({above}): a latency cannot be both fast and slow");
            return null;
        }

        return new PerformanceRule(below, f, above, s, n);
    }

    private static (int? Threshold, decimal? Multiplier) ReadBand(JsonObjectReader parent, string name, string thresholdName)
    {
        if (parent.Object(name, $"performance.{name}") is not { } band)
        {
            return (null, null);
        }

        var threshold = band.NonNegativeInt(thresholdName);
        var multiplier = band.Decimal("multiplier");
        band.RejectUnknown();
        return (threshold, multiplier);
    }
}
