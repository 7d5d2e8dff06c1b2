namespace Cxmpute.Grains.Journal;

/// <summary>How a journal calls accounts: a few quick retries per call, and bounded fan-out.</summary>
internal static class JournalCalls
{
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1)];

    /// <summary>
    /// Runs <paramref name="action"/> for every item with at most <paramref name="parallelism"/> in flight: a fixed set
    /// of workers takes the next item as soon as its previous one is done (no chunk waits for its slowest member). The
    /// workers run on the grain's scheduler.
    /// </summary>
    public static async Task ForEachAsync<T>(IReadOnlyList<T> items, Func<T, Task> action, int parallelism)
    {
        var next = -1;
        async Task Worker()
        {
            for (var i = Interlocked.Increment(ref next); i < items.Count; i = Interlocked.Increment(ref next))
            {
                await action(items[i]);
            }
        }

        var workers = Math.Min(items.Count, Math.Max(1, parallelism));
        var running = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            running[w] = Worker();
        }

        await Task.WhenAll(running);
    }

    public static async Task<T> WithRetries<T>(Func<Task<T>> call)
    {
        var result = default(T)!;
        await WithRetries(async () => { result = await call(); });
        return result;
    }

    public static async Task WithRetries(Func<Task> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await call();
                return;
            }
            catch (Exception) when (attempt < RetryDelays.Length)
            {
                await Task.Delay(RetryDelays[attempt]);
            }
        }
    }
}
