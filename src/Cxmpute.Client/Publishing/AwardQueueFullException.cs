namespace Cxmpute.Client;

/// <summary>Thrown by <see cref="AwardPublisher.PublishAsync"/> when the queue is full and <see cref="AwardPublisherOptions.FailFastWhenFull"/> is set. The award was not queued.</summary>
public sealed class AwardQueueFullException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AwardQueueFullException()
        : base("The award publisher's queue is full; the award was not queued.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AwardQueueFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public AwardQueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
