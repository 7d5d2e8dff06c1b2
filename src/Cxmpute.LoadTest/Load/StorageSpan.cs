using System.Diagnostics;
using Cxmpute.LoadTest.Metrics;

namespace Cxmpute.LoadTest.Load;

/// <summary>
/// Storage operations of the measured span, deferred writes included: counted from right before the first award of the
/// first measured run (<c>measure=1</c>) to the moment, after the last measured run, when the server's storage is idle
/// again, and divided by every award acknowledged in the measured runs. The runs follow each other without waiting, so
/// the account writes one run defers land in the next (its per-run window counts them) or in the tail after the last;
/// the span charges all of them to the awards that caused them. Writes deferred by runs before the span (a warm-up) that
/// land inside it are charged to it too: that only makes the figure worse.
/// </summary>
internal sealed record StorageSpan(
    string FirstScenario,
    string LastScenario,
    int Runs,
    long Awards,
    double SecondsUnderLoad,
    double Operations,
    double OperationsDuringRuns,
    double? RowsWritten,
    double TailSeconds,
    bool ReachedIdle)
{
    public double OperationsPerAward => Awards > 0 ? Operations / Awards : 0;

    /// <summary>Operations made after the last measured run, until storage was idle: what the runs deferred past their end.</summary>
    public double TailOperations => Operations - OperationsDuringRuns;

    /// <summary>
    /// The span of <paramref name="runs"/> (the measured ones, in order) ending at <paramref name="tail"/>, a sample taken
    /// once storage was idle after the last of them; null when the server gave no counters.
    /// </summary>
    public static StorageSpan? Of(IReadOnlyList<ScenarioResult> runs, ProbeSample? tail, TimeSpan tailWait, bool reachedIdle)
    {
        if (runs.Count == 0 || tail is null || runs[0].StorageOperationsAtStart is not { } start || runs[^1].StorageOperationsAtEnd is not { } lastEnd)
        {
            return null;
        }

        double? rows = runs[0].RowsWrittenAtStart is { } rowsStart && tail.RowsWritten is { } rowsEnd ? rowsEnd - rowsStart : null;
        return new StorageSpan(runs[0].Scenario, runs[^1].Scenario, runs.Count, runs.Sum(r => r.Acked), runs.Sum(r => r.Seconds),
            tail.StorageOperations - start, lastEnd - start, rows, tailWait.TotalSeconds, reachedIdle);
    }
}

/// <summary>Waits until the server's storage is idle: its storage operations stop.</summary>
internal static class StorageIdle
{
    /// <summary>At most this many storage operations per second is idle.</summary>
    public const double OperationsPerSecond = 10;

    /// <summary>
    /// Quiet probe intervals in a row that make the server idle: one is not enough, since a storage process that stops
    /// answering for a moment (Azurite saving its database) looks quiet too.
    /// </summary>
    public const int QuietIntervals = 3;

    /// <summary>Returns the time waited, whether storage went idle within <paramref name="limit"/>, and the last sample.</summary>
    public static async Task<(TimeSpan Waited, bool Idle, ProbeSample? Last)> WaitAsync(IServerProbe server, TimeSpan limit, TimeSpan interval, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var quiet = 0;
        var previous = await server.SampleAsync(cancellationToken);
        while (previous is not null && clock.Elapsed < limit)
        {
            await Task.Delay(interval, cancellationToken);
            var current = await server.SampleAsync(cancellationToken);
            if (current is null)
            {
                break;
            }

            var rate = (current.StorageOperations - previous.StorageOperations) / interval.TotalSeconds;
            quiet = rate <= OperationsPerSecond ? quiet + 1 : 0;
            previous = current;
            if (quiet >= QuietIntervals)
            {
                return (clock.Elapsed, true, current);
            }
        }

        return (clock.Elapsed, false, previous);
    }
}
