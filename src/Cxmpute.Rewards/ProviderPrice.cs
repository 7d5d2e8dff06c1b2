namespace Cxmpute.Rewards;

/// <summary>
/// The provider's compute reward for one served request, with its parts:
/// <c>Amount = (BaseReward + TokenReward) × PerformanceMultiplier</c>. All values are exact and normalized.
/// </summary>
/// <param name="Model">The model's canonical name (or the requested name when the default entry priced it).</param>
/// <param name="Tier">The tier whose rates priced the request: the model's tier.</param>
/// <param name="Complexity">The model's complexity.</param>
/// <param name="BaseReward">tier base reward × service multiplier × complexity.</param>
/// <param name="TokenReward">tokens × tier token multiplier × service multiplier; 0 for services without token rewards.</param>
/// <param name="PerformanceMultiplier">The latency-based multiplier.</param>
/// <param name="Amount">The amount credited to the provider.</param>
public sealed record ProviderPrice(
    string Model,
    Tier Tier,
    decimal Complexity,
    decimal BaseReward,
    decimal TokenReward,
    decimal PerformanceMultiplier,
    decimal Amount);
