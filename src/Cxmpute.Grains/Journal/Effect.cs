namespace Cxmpute.Grains.Journal;

/// <summary>
/// One change to one account, derived from a journal entry. Credits carry the ledger fields; own earnings carry the
/// activity (tokens, model, tier, latency); <see cref="EffectKind.Network"/> carries count deltas per level.
/// </summary>
[GenerateSerializer, Immutable, Alias("cx.Effect")]
public sealed record Effect(
    [property: Id(0)] EffectKind Kind,
    [property: Id(1)] string AwardId,
    [property: Id(2)] string Source,
    [property: Id(3)] decimal Amount,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] DateOnly Day,
    [property: Id(6)] string ScheduleVersion)
{
    [Id(7)] public int Tokens { get; init; }

    [Id(8)] public string? Model { get; init; }

    [Id(9)] public string? Tier { get; init; }

    [Id(10)] public int? LatencyMs { get; init; }

    [Id(11)] public string? Referrer { get; init; }

    [Id(12)] public long Level1 { get; init; }

    [Id(13)] public long Level2 { get; init; }

    [Id(14)] public long Level3 { get; init; }

    /// <summary>The performance multiplier that priced own compute earnings (fast above 1, slow below 1).</summary>
    [Id(15)] public decimal? Performance { get; init; }

    public bool IsCredit => Kind <= EffectKind.Direct;
}
