using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Cxmpute.Api.Requests;

/// <summary>
/// The shape of <c>POST /api/awards</c> for the OpenAPI document. The body is read and validated by hand
/// (<see cref="Validation.AwardValidator"/>): unknown or duplicate members are refused with 400.
/// </summary>
public sealed record AwardBody(
    [property: Required, RegularExpression("^[A-Za-z0-9._:-]{1,128}$"), Description("Idempotency key of the award.")] string AwardId,
    [property: Required, Description("chat | embeddings | tts | scrape (or /chat/completions, /embeddings, /tts, /scrape).")] string Service,
    [property: RegularExpression("^usr_[A-Za-z0-9_-]{1,64}$"), Description("The user who made the request; at least one of userId and providerId.")] string? UserId,
    [property: RegularExpression("^prov_[A-Za-z0-9_-]{1,64}$"), Description("The provider who served it; needs model.")] string? ProviderId,
    [property: StringLength(128, MinimumLength = 1), Description("Model name, matched case-insensitively; required with providerId.")] string? Model,
    [property: Range(0, int.MaxValue), Description("Tokens processed; default 0.")] int? Tokens,
    [property: Range(0, int.MaxValue), Description("Response latency; absent means no bonus or penalty.")] int? LatencyMs,
    [property: Description("UTC time of the request, with offset; default now; at most 5 minutes ahead and 30 days back.")] DateTimeOffset? OccurredAt);
