namespace Cxmpute.Rewards.Internal;

/// <summary>How a service prices provider compute.</summary>
internal sealed record ServiceRates(ServiceKind Service, decimal Multiplier, bool EarnsTokenReward);
