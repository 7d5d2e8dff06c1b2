namespace Cxmpute.Client;

/// <summary>The last 7 days' total against the 7 before.</summary>
/// <param name="Last7Days">Total of the last 7 days.</param>
/// <param name="Previous7Days">Total of the 7 days before.</param>
/// <param name="ChangePercent">The change in percent; null when the earlier week is 0.</param>
public sealed record Trend(decimal Last7Days, decimal Previous7Days, decimal? ChangePercent);
