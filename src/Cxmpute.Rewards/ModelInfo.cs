namespace Cxmpute.Rewards;

/// <summary>A model's pricing entry.</summary>
/// <param name="Name">The canonical name from the model table, or the requested name for the default entry.</param>
/// <param name="Tier">The model's tier; its rates price the model (rule: model-tier).</param>
/// <param name="Complexity">The complexity multiplier of the base reward.</param>
/// <param name="IsDefault">Whether the model is not in the table and the default entry priced it.</param>
public sealed record ModelInfo(string Name, Tier Tier, decimal Complexity, bool IsDefault);
