namespace Cxmpute.Client;

/// <summary>An award in the publisher: its caller's task and when it was queued.</summary>
internal sealed class PendingAward(Award award, long queuedAt)
{
    public Award Award { get; } = award;

    public long QueuedAt { get; } = queuedAt;

    public TaskCompletionSource<AwardResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
