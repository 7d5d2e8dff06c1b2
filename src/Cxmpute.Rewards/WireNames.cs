using System.Diagnostics.CodeAnalysis;

namespace Cxmpute.Rewards;

/// <summary>Converts tiers and services to and from their wire (JSON / URL) names.</summary>
public static class WireNames
{
    private static readonly string[] TierNames = ["tide-pool", "blue-surge", "open-ocean", "mariana-depth"];
    private static readonly string[] ServiceNames = ["chat", "embeddings", "tts", "scrape"];
    private static readonly string[] ServicePaths = ["/chat/completions", "/embeddings", "/tts", "/scrape"];

    /// <summary>All tier wire names, in rank order.</summary>
    public static IReadOnlyList<string> AllTiers => TierNames;

    /// <summary>All service wire names, in <see cref="ServiceKind"/> order.</summary>
    public static IReadOnlyList<string> AllServices => ServiceNames;

    /// <summary>The wire name of a tier: <c>tide-pool</c>, <c>blue-surge</c>, <c>open-ocean</c> or <c>mariana-depth</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined tier.</exception>
    public static string ToWire(this Tier t) =>
        Enum.IsDefined(t) ? TierNames[(int)t] : throw new ArgumentOutOfRangeException(nameof(t), t, "Unknown tier.");

    /// <summary>Parses a tier wire name (case-insensitive).</summary>
    public static bool TryParseTier([NotNullWhen(true)] string? s, out Tier t)
    {
        var i = IndexOf(TierNames, s);
        t = i < 0 ? default : (Tier)i;
        return i >= 0;
    }

    /// <summary>The wire name of a service: <c>chat</c>, <c>embeddings</c>, <c>tts</c> or <c>scrape</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined service.</exception>
    public static string ToWire(this ServiceKind s) =>
        Enum.IsDefined(s) ? ServiceNames[(int)s] : throw new ArgumentOutOfRangeException(nameof(s), s, "Unknown service.");

    /// <summary>
    /// Parses a service wire name or its endpoint path (<c>/chat/completions</c>, <c>/embeddings</c>,
    /// <c>/tts</c>, <c>/scrape</c>), case-insensitively.
    /// </summary>
    public static bool TryParseService([NotNullWhen(true)] string? s, out ServiceKind k)
    {
        var i = IndexOf(ServiceNames, s);
        if (i < 0)
        {
            i = IndexOf(ServicePaths, s);
        }

        k = i < 0 ? default : (ServiceKind)i;
        return i >= 0;
    }

    private static int IndexOf(string[] names, string? s) =>
        s is null ? -1 : Array.FindIndex(names, n => string.Equals(n, s, StringComparison.OrdinalIgnoreCase));
}
