namespace Cxmpute.Client;

/// <summary>The contract's machine-readable error codes (<see cref="CxmputeApiException.Code"/>).</summary>
public static class CxmputeErrorCodes
{
    /// <summary>400: malformed body, bad id, unknown service...; <see cref="CxmputeApiException.Errors"/> names each field.</summary>
    public const string ValidationFailed = "validation_failed";

    /// <summary>401: missing or wrong credential.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>403: a valid credential that may not do this.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>404: an account never seen (or a provider that never registered).</summary>
    public const string AccountNotFound = "account_not_found";

    /// <summary>409: the account already has a referrer.</summary>
    public const string ReferrerAlreadySet = "referrer_already_set";

    /// <summary>409: the award id was already used with a different body.</summary>
    public const string AwardIdConflict = "award_id_conflict";

    /// <summary>422: an account's own code.</summary>
    public const string SelfReferral = "self_referral";

    /// <summary>422: a user code applied to a provider or the reverse.</summary>
    public const string ReferralKindMismatch = "referral_kind_mismatch";

    /// <summary>422: the referrer is the account itself or one of its descendants.</summary>
    public const string ReferralCycle = "referral_cycle";

    /// <summary>422: the provider's registered VRAM is below the minimum of the model's tier.</summary>
    public const string TierNotEligible = "tier_not_eligible";

    /// <summary>413: the body is larger than the API accepts.</summary>
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>429: rate limited; retry after <see cref="CxmputeApiException.RetryAfter"/>.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>503: storage or cluster unavailable. For an award the outcome is not confirmed: retrying with the same award id is safe.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>The publisher gave up on an award: no confirmed outcome before its retry deadline. Retrying with the same award id is safe.</summary>
    public const string NotConfirmed = "not_confirmed";
}
