namespace Cxmpute.Silo.Hosting;

/// <summary>Keeps a starting front end trying to reach the cluster (every 2 s) until a deadline, so it may start before the silos.</summary>
public sealed class ClientConnectRetryFilter(TimeSpan patience) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);
    private DateTimeOffset? deadline;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        deadline ??= DateTimeOffset.UtcNow + patience;
        if (DateTimeOffset.UtcNow >= deadline)
        {
            return false;
        }

        await Task.Delay(Pause, cancellationToken);
        return true;
    }
}
