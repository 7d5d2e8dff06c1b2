using Microsoft.Extensions.Options;

namespace Cxmpute.Api.Dashboard;

/// <summary>Counts the event streams open in this process and refuses more than <see cref="DashboardOptions.MaxStreams"/>.</summary>
public sealed class EventStreamGate(IOptions<DashboardOptions> options)
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _open) <= options.Value.MaxStreams)
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _open);
}
