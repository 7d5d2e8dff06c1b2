namespace Cxmpute.LoadTest.Targets;

/// <summary>Outcome codes of one award or request: HTTP statuses, plus negative codes for failures without one.</summary>
internal static class Status
{
    public const int Ok = 200;

    /// <summary>The request did not complete within the client's timeout.</summary>
    public const int Timeout = -1;

    /// <summary>Connection refused, reset or closed.</summary>
    public const int Transport = -2;

    /// <summary>An Orleans call failed with an exception (timeout, silo unavailable, ...).</summary>
    public const int Cluster = -3;

    /// <summary>An unknown outcome: the same award id must be sent again.</summary>
    public static bool IsRetryable(int status) =>
        status is Timeout or Transport or Cluster or 408 or 429 or 500 or 502 or 503 or 504;

    public static string Name(int status) => status switch
    {
        Timeout => "timeout",
        Transport => "transport",
        Cluster => "cluster",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The status of a ledger error code, as the HTTP contract maps it.</summary>
    public static int OfLedgerCode(string code) => code switch
    {
        "unavailable" => 503,
        "account_not_found" => 404,
        "award_id_conflict" or "referrer_already_set" => 409,
        "validation_failed" => 400,
        _ => 422,
    };
}
