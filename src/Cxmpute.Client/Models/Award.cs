using System.Text.Json.Serialization;

namespace Cxmpute.Client;

/// <summary>
/// One served request to credit (<c>POST /api/awards</c>). <see cref="AwardId"/> is the idempotency key: sending the same award
/// again, however often, credits it once.
/// </summary>
/// <param name="AwardId">1–128 of <c>[A-Za-z0-9._:-]</c>, unique per served request.</param>
/// <param name="Service"><c>chat</c>, <c>embeddings</c>, <c>tts</c> or <c>scrape</c>.</param>
public sealed record Award(string AwardId, string Service)
{
    /// <summary>The user who made the request (<c>usr_...</c>); at least one of user and provider.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UserId { get; init; }

    /// <summary>The provider who served it (<c>prov_...</c>); needs <see cref="Model"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ProviderId { get; init; }

    /// <summary>The model name, matched case-insensitively.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Model { get; init; }

    /// <summary>Tokens processed (0 when absent).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Tokens { get; init; }

    /// <summary>Response latency in milliseconds; absent means no bonus or penalty.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? LatencyMs { get; init; }

    /// <summary>When the request was served (default: when the ledger receives the award).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? OccurredAt { get; init; }
}
