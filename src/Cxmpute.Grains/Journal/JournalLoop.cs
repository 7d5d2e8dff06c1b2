namespace Cxmpute.Grains.Journal;

/// <summary>
/// The commit loop of a journal grain, shared by the award and the referral journals: items queue while a group is
/// being committed; the loop replays what the activation found undelivered, then takes up to
/// <see cref="LedgerOptions.MaxGroupSize"/> queued items as one group at a time, after the journal's back-pressure.
/// A group that throws is answered "unavailable" and breaks the journal, which then stops taking items and recovers
/// through a fresh activation. Runs on its grain's scheduler.
/// </summary>
internal sealed class JournalLoop<TItem>(
    JournalCore journal,
    int maxGroupSize,
    Func<List<TItem>, Task> commitGroup,
    Action<TItem> answerUnavailable,
    Action<Exception> failed)
    where TItem : class
{
    private readonly LinkedList<TItem> _queue = new();
    private Task _running = Task.CompletedTask;

    /// <summary>The journal failed or its activation is going away: nothing more is committed here.</summary>
    public bool Broken { get; private set; }

    /// <summary>The silo is stopping: new items are refused, the ones taken are finished.</summary>
    public bool Draining { get; private set; }

    public bool Accepting => !Broken && !Draining;

    public int Count => _queue.Count;

    public void Enqueue(TItem item)
    {
        _queue.AddLast(item);
        EnsureRunning();
    }

    /// <summary>Puts an item back at the head of the queue (an award set aside that resumes, the same id later in a group).</summary>
    public void Requeue(TItem item) => _queue.AddFirst(item);

    public bool Remove(TItem item) => _queue.Remove(item);

    public void EnsureRunning()
    {
        if (_running.IsCompleted && !Broken && (_queue.Count > 0 || journal.NeedsReplay))
        {
            _running = RunAsync();
        }
    }

    /// <summary>The outcome of the last write or delivery is unknown: answer what is queued, stop, and let a fresh activation recover.</summary>
    public void Fail(Exception ex)
    {
        if (!Broken)
        {
            failed(ex);
        }

        Stop();
    }

    /// <summary>The activation is going away: what is still queued is answered "unavailable" (a retry is safe).</summary>
    public void Stop()
    {
        Broken = true;
        journal.Stop();
        AnswerQueued();

        // The page buffer is released once no group is being written any more (on the grain's scheduler).
        _ = _running.ContinueWith(_ => journal.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Current);
    }

    /// <summary>
    /// For a graceful stop: refuses new items, answers the queued ones "unavailable" (never committed, so a retry after
    /// the restart is safe), waits for the group being committed and then for <paramref name="delivered"/>, and has the
    /// journal's accounts persist everything.
    /// </summary>
    public async Task DrainAsync(Func<Task> delivered)
    {
        Draining = true;
        AnswerQueued();
        await _running;
        await delivered();
        if (!Broken)
        {
            await journal.DrainAsync();
        }
    }

    private void AnswerQueued()
    {
        while (_queue.Count > 0)
        {
            answerUnavailable(_queue.First!.Value);
            _queue.RemoveFirst();
        }
    }

    private async Task RunAsync()
    {
        try
        {
            if (journal.NeedsReplay)
            {
                await journal.ReplayAsync();
            }

            // Ends when the queue is empty, whatever is still being delivered: items that arrive later start the next run.
            while (!Broken && _queue.Count > 0)
            {
                var group = new List<TItem>();
                while (_queue.Count > 0 && group.Count < maxGroupSize)
                {
                    group.Add(_queue.First!.Value);
                    _queue.RemoveFirst();
                }

                try
                {
                    await journal.ThrottleAsync();
                    await commitGroup(group);
                }
                catch
                {
                    group.ForEach(answerUnavailable);
                    throw;
                }
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }
}
