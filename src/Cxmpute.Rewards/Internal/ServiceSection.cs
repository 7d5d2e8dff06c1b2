namespace Cxmpute.Rewards.Internal;

/// <summary>Reads <c>services</c> (provider multipliers, token eligibility) and <c>userPoints</c>.</summary>
internal static class ServiceSection
{
    public static ServiceRates[]? ReadServices(JsonObjectReader root) =>
        KeyedEntries.Read(
            root,
            "services",
            "service",
            WireNames.AllServices,
            ParseService,
            static (e, key) =>
            {
                var multiplier = e.Decimal("multiplier");
                var earnsTokenReward = e.Bool("earnsTokenReward");
                return multiplier is { } m && earnsTokenReward is { } t ? new ServiceRates((ServiceKind)key, m, t) : null;
            },
            out _);

    public static UserPointRates[]? ReadUserPoints(JsonObjectReader root) =>
        KeyedEntries.Read(
            root,
            "userPoints",
            "service",
            WireNames.AllServices,
            ParseService,
            static (e, key) =>
            {
                var basePoints = e.Decimal("basePoints");
                var perToken = e.Decimal("pointsPerToken");
                return basePoints is { } b && perToken is { } p ? new UserPointRates((ServiceKind)key, b, p) : null;
            },
            out _);

    private static int ParseService(string name) => WireNames.TryParseService(name, out var s) ? (int)s : -1;
}
