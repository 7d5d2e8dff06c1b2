using Cxmpute.Rewards;

namespace Cxmpute.Rewards.Tests;

/// <summary>
/// The source document's numbers and docs/product-rules.md's rules, written out independently of the schedule file,
/// so that tests check the shipped schedule against the specification.
/// </summary>
internal static class Spec
{
    public static readonly IReadOnlyDictionary<ServiceKind, decimal> ServiceMultiplier = new Dictionary<ServiceKind, decimal>
    {
        [ServiceKind.Chat] = 1.0m,
        [ServiceKind.Tts] = 0.6m,
        [ServiceKind.Embeddings] = 0.3m,
        [ServiceKind.Scrape] = 0.2m,
    };

    public static readonly IReadOnlyDictionary<ServiceKind, (decimal Base, decimal PerToken)> UserPoints =
        new Dictionary<ServiceKind, (decimal, decimal)>
        {
            [ServiceKind.Chat] = (1m, 0.001m),
            [ServiceKind.Embeddings] = (0.5m, 0.0005m),
            [ServiceKind.Scrape] = (0.2m, 0m),
            [ServiceKind.Tts] = (0.8m, 0m),
        };

    public static readonly IReadOnlyList<(string Name, Tier Tier, decimal Complexity)> Models =
    [
        ("Llama3-70B", Tier.MarianaDepth, 3.0m),
        ("Mixtral-8x7B", Tier.OpenOcean, 2.5m),
        ("Llama3-13B", Tier.OpenOcean, 1.5m),
        ("Llama3-8B", Tier.BlueSurge, 1.0m),
        ("Mistral-7B", Tier.BlueSurge, 1.0m),
        ("Phi-3-Mini", Tier.TidePool, 0.5m),
        ("Gemma-2B", Tier.TidePool, 0.3m),
    ];

    public static readonly IReadOnlyDictionary<Tier, (decimal Base, decimal Token)> TierRates = new Dictionary<Tier, (decimal, decimal)>
    {
        [Tier.TidePool] = (0.005m, 0.00001m),
        [Tier.BlueSurge] = (0.015m, 0.00003m),
        [Tier.OpenOcean] = (0.035m, 0.00007m),
        [Tier.MarianaDepth] = (0.075m, 0.00015m),
    };

    public static readonly decimal[] ProviderReferralRates = [0.10m, 0.05m, 0.025m];

    public static readonly decimal[] UserReferralRates = [0.15m, 0.08m, 0.04m];

    public static bool EarnsTokenReward(ServiceKind s) => s is ServiceKind.Chat or ServiceKind.Embeddings;

    public static decimal Performance(int? latencyMs) => latencyMs switch
    {
        null => 1.0m,
        < 2000 => 1.1m,
        > 10000 => 0.9m,
        _ => 1.0m,
    };

    /// <summary>The model's (tier, complexity) per the spec table; unknown models get blue-surge, 1.0 (rule: unknown-model).</summary>
    public static (Tier Tier, decimal Complexity) Model(string name)
    {
        foreach (var m in Models)
        {
            if (string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return (m.Tier, m.Complexity);
            }
        }

        return (Tier.BlueSurge, 1.0m);
    }

    /// <summary>The hardware tier of a VRAM size per rule hardware-tier.</summary>
    public static Tier HardwareTier(decimal vramGb) => vramGb switch
    {
        <= 4m => Tier.TidePool,
        <= 8m => Tier.BlueSurge,
        < 22m => Tier.OpenOcean,
        _ => Tier.MarianaDepth,
    };
}
