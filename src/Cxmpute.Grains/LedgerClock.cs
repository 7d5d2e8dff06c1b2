namespace Cxmpute.Grains;

/// <summary>
/// The ledger's notion of now (award days, the 30-day window, idempotency retention). Kept apart from the
/// <see cref="TimeProvider"/> that Orleans itself may use, so that tests can move the ledger's time alone.
/// </summary>
public sealed class LedgerClock(TimeProvider provider)
{
    public LedgerClock()
        : this(TimeProvider.System)
    {
    }

    public TimeProvider Provider { get; } = provider;

    public DateTimeOffset GetUtcNow() => Provider.GetUtcNow();
}
