using Cxmpute.Audit.Checks;

namespace Cxmpute.Audit.Sources;

/// <summary>The served side of a deployment: an account's stats and whole ledger as clients see them.</summary>
public interface IAccountSource
{
    /// <summary>Reads one account; never throws for a failed read (the observation carries the error).</summary>
    Task<AccountObservation> ReadAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>Requests made so far.</summary>
    long Requests { get; }
}
