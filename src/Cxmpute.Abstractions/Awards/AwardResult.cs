namespace Cxmpute.Abstractions;

/// <summary>The priced outcome of an award, exactly as first recorded; replays return it with <see cref="Duplicate"/> set.</summary>
[GenerateSerializer, Immutable, Alias("cx.AwardResult")]
public sealed record AwardResult(
    [property: Id(0)] string AwardId,
    [property: Id(1)] bool Duplicate,
    [property: Id(2)] UserAwardView? User,
    [property: Id(3)] ProviderAwardView? Provider,
    [property: Id(4)] string ScheduleVersion,
    [property: Id(5)] DateTimeOffset OccurredAt);
