using Cxmpute.Abstractions;

namespace Cxmpute.Api.Responses.Stats;

/// <summary>The provider's hardware tier from its registered VRAM, with that tier's rates.</summary>
public sealed record TierResponse(string Name, decimal VramGb, decimal BaseReward, decimal TokenMultiplier)
{
    public static TierResponse From(TierView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.Name, view.VramGb, view.BaseReward, view.TokenMultiplier);
    }
}
