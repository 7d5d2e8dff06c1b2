namespace Cxmpute.Rewards.Internal;

/// <summary>How a service awards user points: <c>BasePoints + tokens × PointsPerToken</c>.</summary>
internal sealed record UserPointRates(ServiceKind Service, decimal BasePoints, decimal PointsPerToken);
