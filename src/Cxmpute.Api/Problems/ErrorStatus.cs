using Cxmpute.Abstractions;
using Microsoft.AspNetCore.Http;

namespace Cxmpute.Api.Problems;

/// <summary>The HTTP status of each contract error code.</summary>
public static class ErrorStatus
{
    public static int For(string code) => code switch
    {
        ErrorCodes.ValidationFailed => StatusCodes.Status400BadRequest,
        ErrorCodes.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorCodes.AccountNotFound => StatusCodes.Status404NotFound,
        ErrorCodes.ReferrerAlreadySet or ErrorCodes.AwardIdConflict => StatusCodes.Status409Conflict,
        ErrorCodes.SelfReferral or ErrorCodes.ReferralKindMismatch or ErrorCodes.ReferralCycle or ErrorCodes.TierNotEligible
            => StatusCodes.Status422UnprocessableEntity,
        ErrorCodes.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
