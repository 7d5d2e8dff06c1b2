namespace Cxmpute.Rewards.Internal;

/// <summary>
/// Checks that the tiers' VRAM ranges, in rank order, cover every VRAM in (0, ∞) exactly once:
/// tide-pool starts at 0, each range ends where the next begins (one side inclusive, the other
/// exclusive), and only mariana-depth is open-ended.
/// </summary>
internal static class VramCoverage
{
    private const string Rule = "VRAM ranges must cover (0, ∞) once, rising with tier rank";

    public static bool Check(TierRates[] byRank, string?[] labels, ScheduleErrors errors)
    {
        var ok = true;
        void Fail(string label, string message)
        {
            errors.Add(label, $"{message} ({Rule})");
            ok = false;
        }

        if (byRank[0].MinVramGb > 0)
        {
            Fail(labels[0]!, $"VRAM gap: (0 GB, {TierSection.Gb(byRank[0].MinVramGb)}) has no tier; the lowest range must start at 0");
        }

        for (var i = 0; i < byRank.Length; i++)
        {
            var t = byRank[i];
            var isLast = i == byRank.Length - 1;
            if (t.MaxVramGb is not { } max)
            {
                if (!isLast)
                {
                    Fail(labels[i]!, "needs an upper VRAM bound: only the highest tier may be open-ended (VRAM ranges overlap)");
                }

                continue;
            }

            if (isLast)
            {
                Fail(labels[i]!, $"VRAM gap: VRAM above {TierSection.Gb(max)} has no tier; the highest tier must have no upper bound");
            }
            else if (max < t.MinVramGb || (max == t.MinVramGb && !(t.MinVramGbInclusive && t.MaxVramGbInclusive)))
            {
                Fail(labels[i]!, "empty VRAM range: the upper bound must lie above the lower bound");
            }
            else
            {
                CheckJoint(t, byRank[i + 1], labels[i]!, labels[i + 1]!, Fail);
            }
        }

        return ok;
    }

    private static void CheckJoint(TierRates lower, TierRates upper, string lowerLabel, string upperLabel, Action<string, string> fail)
    {
        var end = lower.MaxVramGb!.Value;
        var start = upper.MinVramGb;
        var both = $"{lowerLabel} and {upperLabel}";
        if (end < start)
        {
            fail(both, $"VRAM gap between {TierSection.Gb(end)} and {TierSection.Gb(start)}");
        }
        else if (end > start)
        {
            fail(both, $"VRAM ranges overlap between {TierSection.Gb(start)} and {TierSection.Gb(end)}");
        }
        else if (lower.MaxVramGbInclusive && upper.MinVramGbInclusive)
        {
            fail(both, $"VRAM ranges overlap at {TierSection.Gb(end)}: both include it (make one bound exclusive)");
        }
        else if (!lower.MaxVramGbInclusive && !upper.MinVramGbInclusive)
        {
            fail(both, $"VRAM gap at {TierSection.Gb(end)}: neither includes it (make one bound inclusive)");
        }
    }
}
