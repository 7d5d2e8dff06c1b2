namespace Cxmpute.Client;

/// <summary>How <see cref="AwardPublisher"/> coalesces, bounds and retries.</summary>
public sealed class AwardPublisherOptions
{
    /// <summary>The most awards in one <c>POST /api/awards/batch</c> (1–1,000; default 1,000).</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>How long a batch waits for more awards after its first one, unless it fills first (default 5 ms; zero: send what is queued at once).</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The most batches sent at once (default 4). When all are in flight, awards wait in the queue.</summary>
    public int MaxBatchesInFlight { get; set; } = 4;

    /// <summary>The most awards waiting to be sent (default 10,000). When it is full, see <see cref="FailFastWhenFull"/>.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// False (default): <see cref="AwardPublisher.PublishAsync"/> waits for room in a full queue (back-pressure on the caller).
    /// True: it throws <see cref="AwardQueueFullException"/> at once.
    /// </summary>
    public bool FailFastWhenFull { get; set; }

    /// <summary>
    /// How long a batch is retried (on 503, 429, timeouts, connection errors) before its unconfirmed awards fail with
    /// <see cref="CxmputeErrorCodes.NotConfirmed"/> (default 2 minutes).
    /// </summary>
    public TimeSpan RetryDeadline { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The first retry's delay; later ones grow exponentially, with jitter (default 100 ms).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest delay between retries (default 5 s).</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        if (MaxBatchSize is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchSize), MaxBatchSize, "MaxBatchSize must be 1 to 1000 (the batch endpoint's limit).");
        }

        if (Linger < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Linger), Linger, "Linger must not be negative.");
        }

        if (MaxBatchesInFlight < 1 || QueueCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchesInFlight), "MaxBatchesInFlight and QueueCapacity must be at least 1.");
        }

        if (RetryDeadline <= TimeSpan.Zero || RetryBaseDelay <= TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryDeadline), "RetryDeadline and RetryBaseDelay must be positive, RetryMaxDelay at least RetryBaseDelay.");
        }
    }
}
