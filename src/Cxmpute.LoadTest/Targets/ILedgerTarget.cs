using Cxmpute.LoadTest.Reconcile;

namespace Cxmpute.LoadTest.Targets;

/// <summary>The system under test, reached over HTTP or through an Orleans client.</summary>
internal interface ILedgerTarget : IAsyncDisposable
{
    string Describe { get; }

    /// <summary>Registers a provider's hardware; returns the status.</summary>
    Task<int> RegisterProviderAsync(string providerId, decimal vramGb, CancellationToken cancellationToken);

    /// <summary>Creates a user (idempotent); returns the status.</summary>
    Task<int> EnsureUserAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Applies a referral code; returns the status and, on failure, the error code.</summary>
    Task<(int Status, string? Code)> ApplyReferralAsync(string accountId, string referralCode, CancellationToken cancellationToken);

    /// <summary>
    /// Submits awards (one request: a single award, a batch, or one grain call) and writes each award's status into
    /// <paramref name="statuses"/>. Returns the request's own status (200 when the request itself was answered).
    /// </summary>
    Task<int> SubmitAsync(ReadOnlyMemory<AwardWire> awards, Memory<int> statuses, CancellationToken cancellationToken);

    /// <summary>An account's lifetime totals; null when the account was never seen (404).</summary>
    Task<AccountTotals?> ReadTotalsAsync(string accountId, CancellationToken cancellationToken);
}
