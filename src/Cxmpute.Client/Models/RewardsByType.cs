namespace Cxmpute.Client;

/// <summary>Referral rewards of the last 30 days by kind.</summary>
/// <param name="Direct">Direct bonuses.</param>
/// <param name="Primary">Level 1 percentages.</param>
/// <param name="Secondary">Level 2 percentages.</param>
/// <param name="Tertiary">Level 3 percentages.</param>
public sealed record RewardsByType(decimal Direct, decimal Primary, decimal Secondary, decimal Tertiary);
