using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Cxmpute.Api.Requests;

/// <summary>The shape of <c>POST /api/awards/batch</c>: up to 1,000 awards, each validated and answered on its own.</summary>
public sealed record AwardBatchBody(
    [property: Required, MaxLength(1000), Description("The awards, at most 1,000.")] IReadOnlyList<AwardBody> Awards);
