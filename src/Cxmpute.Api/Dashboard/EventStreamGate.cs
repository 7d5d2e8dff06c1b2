using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Cxmpute.Api.Dashboard;

/// <summary>
/// Counts the event streams open in this process and refuses more than <see cref="DashboardOptions.MaxStreams"/> in all
/// and more than <see cref="DashboardOptions.MaxStreamsPerAccount"/> on one account, so that one caller cannot take
/// every slot of the process.
/// </summary>
public sealed class EventStreamGate(IOptions<DashboardOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _perAccount = new(StringComparer.Ordinal);
    private int _open;

    public int Open => Volatile.Read(ref _open);

    public int OpenOn(string accountId) => _perAccount.GetValueOrDefault(accountId);

    public bool TryEnter(string accountId)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        if (Interlocked.Increment(ref _open) > options.Value.MaxStreams)
        {
            Interlocked.Decrement(ref _open);
            return false;
        }

        var limit = options.Value.MaxStreamsPerAccount;
        var admitted = false;
        _perAccount.AddOrUpdate(accountId, _ => (admitted = limit > 0) ? 1 : 0, (_, count) => (admitted = count < limit) ? count + 1 : count);
        if (!admitted)
        {
            Interlocked.Decrement(ref _open);
        }

        return admitted;
    }

    public void Exit(string accountId)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        Interlocked.Decrement(ref _open);
        _perAccount.AddOrUpdate(accountId, 0, (_, count) => count - 1);
        _perAccount.TryRemove(KeyValuePair.Create(accountId, 0));
    }
}
