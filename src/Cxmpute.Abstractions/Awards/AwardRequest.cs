namespace Cxmpute.Abstractions;

/// <summary>
/// One served request to reward. <see cref="Service"/> is the wire name (chat, embeddings, tts, scrape);
/// <see cref="OccurredAt"/> null means "now, as first accepted".
/// </summary>
[GenerateSerializer, Immutable, Alias("cx.AwardRequest")]
public sealed record AwardRequest(
    [property: Id(0)] string AwardId,
    [property: Id(1)] string Service,
    [property: Id(2)] string? UserId,
    [property: Id(3)] string? ProviderId,
    [property: Id(4)] string? Model,
    [property: Id(5)] int Tokens,
    [property: Id(6)] int? LatencyMs,
    [property: Id(7)] DateTimeOffset? OccurredAt);
