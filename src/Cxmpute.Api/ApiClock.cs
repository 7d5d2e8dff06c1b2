namespace Cxmpute.Api;

/// <summary>
/// The API's notion of now (the accepted range of <c>occurredAt</c>). Kept apart from the <see cref="TimeProvider"/> in the
/// container, which Orleans itself uses: moving that clock in a test makes a silo miss its own heartbeats and stop.
/// Tests replace this clock (and the ledger's) instead.
/// </summary>
public sealed class ApiClock(TimeProvider provider)
{
    public ApiClock()
        : this(TimeProvider.System)
    {
    }

    public TimeProvider Provider { get; } = provider;

    public DateTimeOffset GetUtcNow() => Provider.GetUtcNow();
}
