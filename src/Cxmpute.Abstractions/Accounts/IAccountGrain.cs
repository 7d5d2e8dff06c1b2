using Orleans.Concurrency;

namespace Cxmpute.Abstractions;

/// <summary>A user (<c>usr_…</c>) or provider (<c>prov_…</c>) account, keyed by its id. What the front end may call.</summary>
[Alias("cx.IAccountGrain")]
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>Registers (or re-registers) a provider's hardware; durable when it returns.</summary>
    [Alias("RegisterProvider")]
    Task<ProviderRegistration> RegisterProviderAsync(decimal vramGb);

    /// <summary>Creates the user account if it does not exist yet (idempotent); durable when it returns.</summary>
    [Alias("EnsureUser")]
    Task EnsureUserAsync();

    /// <summary>The account's figures, computed at read time; null for an account never seen.</summary>
    [ReadOnly, Alias("GetStats")]
    Task<AccountStatsView?> GetStatsAsync();

    /// <summary>
    /// Subscribes an observer to changes of this account for a few minutes; subscribe again (at least every minute)
    /// to keep receiving them. Works for accounts not seen yet: the first credit notifies.
    /// </summary>
    [Alias("Subscribe")]
    Task SubscribeAsync(IAccountObserver observer);

    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(IAccountObserver observer);

    /// <summary>The audit trail, newest first; null for an account never seen. A bad cursor gives an empty page with no cursor.</summary>
    [ReadOnly, Alias("GetLedger")]
    Task<LedgerPageView?> GetLedgerAsync(string? cursor, int limit);
}
