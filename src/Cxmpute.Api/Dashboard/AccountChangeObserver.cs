using System.Threading.Channels;
using Cxmpute.Abstractions;

namespace Cxmpute.Api.Dashboard;

/// <summary>
/// Receives an account's change notifications for one event stream. Notifications that arrive while one is waiting
/// to be written collapse into it: the page re-reads the account anyway, so one pending "changed" is enough.
/// </summary>
public sealed class AccountChangeObserver : IAccountObserver
{
    private readonly Channel<string> _changes = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public ChannelReader<string> Changes => _changes.Reader;

    public void AccountChanged(string accountId) => _changes.Writer.TryWrite(accountId);
}
