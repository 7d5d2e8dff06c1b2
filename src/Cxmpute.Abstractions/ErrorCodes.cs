namespace Cxmpute.Abstractions;

/// <summary>The machine-readable error codes of the HTTP contract.</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string AccountNotFound = "account_not_found";
    public const string ReferrerAlreadySet = "referrer_already_set";
    public const string AwardIdConflict = "award_id_conflict";
    public const string SelfReferral = "self_referral";
    public const string ReferralKindMismatch = "referral_kind_mismatch";
    public const string ReferralCycle = "referral_cycle";
    public const string TierNotEligible = "tier_not_eligible";
    public const string Unavailable = "unavailable";
}
