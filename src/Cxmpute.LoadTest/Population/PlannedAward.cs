namespace Cxmpute.LoadTest.Population;

/// <summary>One award of the schedule, as indexes into the population; <see cref="LatencyMs"/> -1 means absent.</summary>
internal readonly record struct PlannedAward(int User, int Provider, byte Service, string Model, int Tokens, int LatencyMs)
{
    public int? Latency => LatencyMs < 0 ? null : LatencyMs;
}
