namespace Cxmpute.Abstractions;

/// <summary>
/// Told when an account's figures change (a credit, a new referral, a registration), so that a dashboard can
/// refresh without polling. Notifications are coalesced: at most about four a second per account.
/// </summary>
[Alias("cx.IAccountObserver")]
public interface IAccountObserver : IGrainObserver
{
    [Alias("AccountChanged")]
    void AccountChanged(string accountId);
}
