namespace Cxmpute.Client;

/// <summary>Served requests of the last 30 days: fast (under 2 s), slow (over 10 s), and the average latency.</summary>
/// <param name="Requests">Requests served.</param>
/// <param name="FastResponses">Under 2 s.</param>
/// <param name="SlowResponses">Over 10 s.</param>
/// <param name="AverageLatencyMs">Average latency; null when none was reported.</param>
public sealed record Performance(long Requests, long FastResponses, long SlowResponses, decimal? AverageLatencyMs);
