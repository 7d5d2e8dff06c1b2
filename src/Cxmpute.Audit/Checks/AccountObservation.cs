namespace Cxmpute.Audit.Checks;

/// <summary>
/// What the API shows of one account: its stats (lifetime, referrer, network, registration) and its whole ledger.
/// <see cref="Found"/> is false for an account the API does not know; <see cref="Error"/> is set when it could not be read.
/// </summary>
public sealed record AccountObservation(string AccountId)
{
    public bool Found { get; init; }

    public string? Error { get; init; }

    public string? ReferredBy { get; init; }

    public decimal Earned { get; init; }

    public decimal Referral { get; init; }

    public decimal Total { get; init; }

    public long Direct { get; init; }

    public long Secondary { get; init; }

    public long Tertiary { get; init; }

    /// <summary>For a provider: whether it has registered hardware (its stats show a tier). Null for users.</summary>
    public bool? Registered { get; init; }

    public IReadOnlyList<ObservedCredit> Entries { get; init; } = [];

    public static AccountObservation NotFound(string accountId) => new(accountId);

    public static AccountObservation Unreadable(string accountId, string error) => new(accountId) { Error = error };
}
