namespace Cxmpute.Api.Problems;

/// <summary>Codes of the HTTP layer beyond the contract's table (which lives in <see cref="Abstractions.ErrorCodes"/>).</summary>
public static class ApiErrorCodes
{
    public const string PayloadTooLarge = "payload_too_large";
    public const string RateLimited = "rate_limited";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string InternalError = "internal_error";
}
