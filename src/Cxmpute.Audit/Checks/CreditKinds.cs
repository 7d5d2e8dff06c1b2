using Cxmpute.Grains.Journal;

namespace Cxmpute.Audit.Checks;

/// <summary>The ledger's wire names of credit kinds (api.md: usage, compute, primary, secondary, tertiary, direct).</summary>
internal static class CreditKinds
{
    public static string Name(EffectKind kind) => kind switch
    {
        EffectKind.Usage => "usage",
        EffectKind.Compute => "compute",
        EffectKind.Primary => "primary",
        EffectKind.Secondary => "secondary",
        EffectKind.Tertiary => "tertiary",
        EffectKind.Direct => "direct",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a credit"),
    };

    public static bool IsOwn(string kind) => kind is "usage" or "compute";
}
