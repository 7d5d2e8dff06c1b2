namespace Cxmpute.Grains.Referrals;

/// <summary>What the referral grain knows of one account of its graph.</summary>
internal sealed record GraphNode(bool Exists, string? Parent, long Direct, long Secondary);
