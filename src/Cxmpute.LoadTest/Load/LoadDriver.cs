using System.Collections.Concurrent;
using System.Diagnostics;
using Cxmpute.LoadTest.Metrics;
using Cxmpute.LoadTest.Population;
using Cxmpute.LoadTest.Targets;

namespace Cxmpute.LoadTest.Load;

/// <summary>
/// Sends a scenario's awards: a closed loop of N workers, or an open loop at a target rate (latency measured from each
/// request's intended start, so a slow server cannot hide its queueing). An award answered with a retryable status
/// (timeout, 5xx, 429, a lost connection) is sent again with the same id and body until it is acknowledged.
/// </summary>
internal sealed class LoadDriver(ILedgerTarget target, LoadPopulation population, string idPrefix, AckTracker acks, IServerProbe? probe, LoadSettings settings, Action<string> log, Action<string>? note = null)
{
    private readonly ConcurrentDictionary<int, long> _errors = new();
    private long _sent;
    private long _acked;
    private long _failed;
    private long _unresolved;
    private long _retries;
    private long _requests;
    private long _errorCount;

    private long _drainDeadline = long.MaxValue;

    public List<SeriesPoint> Series { get; } = [];

    /// <summary>Awards whose outcome is still unknown when the run ended (sent, never acknowledged, not refused).</summary>
    public ConcurrentBag<long> UnresolvedIndexes { get; } = [];

    public async Task<ScenarioResult> RunAsync(ScenarioSpec spec, int repetition, long firstIndex, CancellationToken cancellationToken)
    {
        Reset();
        var label = repetition > 0 ? $"{spec.Label} #{repetition}" : spec.Label;
        var end = Math.Min(firstIndex + spec.Awards, acks.Capacity);
        if (spec.Zipf is { } skew)
        {
            population.UseTraffic(firstIndex, end, skew);
        }

        var next = firstIndex;
        var latency = new LatencyRecorder();
        var idle = spec.IdleWait > TimeSpan.Zero && probe is not null ? await WaitForIdleAsync(probe, spec.IdleWait, label, cancellationToken) : TimeSpan.Zero;
        var before = probe is null ? null : await probe.SampleAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(spec.Duration);
        var drainAfter = spec.Duration + TimeSpan.FromSeconds(settings.DrainSeconds);
        _drainDeadline = drainAfter > TimeSpan.FromDays(365) ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(drainAfter.TotalSeconds * Stopwatch.Frequency);
        var progress = new List<(double Seconds, long Acked)> { (0, 0) };
        var memory = new List<double>();
        if (before?.MemoryBytes is { } startMemory)
        {
            memory.Add(startMemory);
        }

        using var done = new CancellationTokenSource();
        var sampler = SampleAsync(label, clock, latency, progress, memory, done.Token);

        if (spec.OpenLoop)
        {
            await OpenLoopAsync(spec, () => Take(spec.Batch), latency, clock, stop.Token);
        }
        else
        {
            await Task.WhenAll(Enumerable.Range(0, spec.Connections).Select(_ => Task.Run(() => WorkerAsync(spec, () => Take(spec.Batch), latency, stop.Token), CancellationToken.None)));
        }

        var seconds = clock.Elapsed.TotalSeconds;
        if (spec.Zipf is not null)
        {
            // Every index taken was sent: the next run starts at firstIndex + Sent and must not inherit this skew.
            population.EndTraffic(firstIndex, firstIndex + Interlocked.Read(ref _sent));
        }

        await done.CancelAsync();
        await sampler;
        var interval = latency.Interval();
        _ = interval;
        var after = probe is null ? null : await probe.SampleAsync(cancellationToken);
        if (after?.MemoryBytes is { } endMemory)
        {
            memory.Add(endMemory);
        }

        // "Settled" counts what the run caused after its last award too: the account writes it deferred (each about
        // AccountFlushDelay after its first unsaved credit). With idle=S that is everything until the server's storage
        // is idle again (at most S); otherwise a fixed settle time.
        ProbeSample? settled = null;
        var settleWait = TimeSpan.Zero;
        if (probe is not null && (settings.SettleSeconds > 0 || spec.IdleWait > TimeSpan.Zero))
        {
            await Task.Delay(TimeSpan.FromSeconds(settings.SettleSeconds), cancellationToken);
            if (spec.IdleWait > TimeSpan.Zero)
            {
                settleWait = await WaitForIdleAsync(probe, spec.IdleWait, label, cancellationToken, after: true);
            }

            settled = await probe.SampleAsync(cancellationToken);
        }

        progress.Add((seconds, Interlocked.Read(ref _acked)));
        var total = latency.Total;
        var acked = Interlocked.Read(ref _acked);
        double? ops = before is not null && after is not null ? after.StorageOperations - before.StorageOperations : null;
        double? settledOps = before is not null && settled is not null ? settled.StorageOperations - before.StorageOperations : null;
        double? serverAwards = before is not null && after is not null ? after.Awards - before.Awards : null;
        var (first, last) = Tenths(progress, acked);
        var slices = spec.SliceSeconds > 0 ? Slices(progress, spec.SliceSeconds) : [];
        return new ScenarioResult
        {
            Scenario = spec.Label,
            Mode = spec.Mode,
            Repetition = repetition,
            Connections = spec.Connections,
            Batch = spec.Batch,
            TargetRate = spec.Rate,
            Seconds = seconds,
            Sent = Interlocked.Read(ref _sent),
            Acked = acked,
            Failed = Interlocked.Read(ref _failed),
            Unresolved = Interlocked.Read(ref _unresolved),
            Retries = Interlocked.Read(ref _retries),
            Requests = Interlocked.Read(ref _requests),
            AwardsPerSecond = acked / seconds,
            P50Ms = LatencyRecorder.Ms(total, 50),
            P90Ms = LatencyRecorder.Ms(total, 90),
            P99Ms = LatencyRecorder.Ms(total, 99),
            P999Ms = LatencyRecorder.Ms(total, 99.9),
            MaxMs = LatencyRecorder.MaxMs(total),
            ErrorsByStatus = _errors.OrderBy(e => e.Key).ToDictionary(e => Status.Name(e.Key), e => e.Value),
            FirstTenthRate = first,
            LastTenthRate = last,
            Zipf = population.ExponentOf(firstIndex),
            Measured = spec.Measured,
            SliceSeconds = spec.SliceSeconds,
            Slices = slices,
            StorageOperationsAtStart = before?.StorageOperations,
            StorageOperationsAtEnd = after?.StorageOperations,
            RowsWrittenAtStart = before?.RowsWritten,
            RowsWrittenAtEnd = after?.RowsWritten,
            StorageOperations = ops,
            StorageOperationsPerAward = ops is { } o && acked > 0 ? o / acked : null,
            StorageOperationsPerAwardSettled = settledOps is { } s && acked > 0 ? s / acked : null,
            StorageByKind = before is not null && (settled ?? after) is { } end2
                ? end2.StorageByKind.ToDictionary(k => k.Key, k => k.Value - before.StorageByKind.GetValueOrDefault(k.Key)) : null,
            StorageRowsPerAwardSettled = before?.RowsWritten is { } rowsBefore && (settled ?? after)?.RowsWritten is { } rowsAfter && acked > 0 ? (rowsAfter - rowsBefore) / acked : null,
            ServerAwards = serverAwards,
            ServerCreditsPerAward = before is not null && after is not null && serverAwards > 0 ? (after.Credits - before.Credits) / serverAwards : null,
            ServerP50Ms = before is not null ? after?.AwardLatency?.Percentile(before.AwardLatency, 50) : null,
            ServerP99Ms = before is not null ? after?.AwardLatency?.Percentile(before.AwardLatency, 99) : null,
            ThrottledSeconds = before?.ThrottledSeconds is { } throttledBefore && after?.ThrottledSeconds is { } throttledAfter ? throttledAfter - throttledBefore : null,
            AwardsSetAside = before?.AwardsSetAside is { } asideBefore && after?.AwardsSetAside is { } asideAfter ? asideAfter - asideBefore : null,
            IdleWaitSeconds = idle.TotalSeconds,
            SettleSeconds = settled is null ? 0 : settings.SettleSeconds + settleWait.TotalSeconds,
            SiloMemoryStartMb = memory.Count > 0 ? memory[0] / 1048576 : null,
            SiloMemoryMidMb = memory.Count > 2 ? memory[memory.Count / 2] / 1048576 : null,
            SiloMemoryEndMb = memory.Count > 0 ? memory[^1] / 1048576 : null,
            SiloMemoryMaxMb = memory.Count > 0 ? memory.Max() / 1048576 : null,
        };

        long[]? Take(int batch)
        {
            var start = Interlocked.Add(ref next, batch) - batch;
            if (start >= end)
            {
                return null;
            }

            var count = (int)Math.Min(batch, end - start);
            var indexes = new long[count];
            for (var i = 0; i < count; i++)
            {
                indexes[i] = start + i;
            }

            return indexes;
        }
    }

    /// <summary>Rates over the first and the last tenth of the acknowledged awards, interpolated from the per-second progress.</summary>
    internal static (double First, double Last) Tenths(IReadOnlyList<(double Seconds, long Acked)> progress, long total)
    {
        if (total < 10 || progress.Count < 2)
        {
            return (0, 0);
        }

        var tenth = total / 10.0;
        var firstEnd = TimeAt(progress, tenth);
        var lastStart = TimeAt(progress, total - tenth);
        var lastEnd = TimeAt(progress, total);
        return (firstEnd > 0 ? tenth / firstEnd : 0, lastEnd > lastStart ? tenth / (lastEnd - lastStart) : 0);
    }

    /// <summary>
    /// Throughput per whole slice of <paramref name="sliceSeconds"/> from the start of the run (acknowledged awards in the
    /// slice ÷ its length, interpolated from the per-second progress). A last, partial slice is left out: the end of a run
    /// (requests in flight finishing after its duration) is no steady state.
    /// </summary>
    internal static List<double> Slices(IReadOnlyList<(double Seconds, long Acked)> progress, double sliceSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sliceSeconds);
        var rates = new List<double>();
        if (progress.Count < 2)
        {
            return rates;
        }

        var end = progress[^1].Seconds;
        for (var start = 0.0; start + sliceSeconds <= end + 1e-9; start += sliceSeconds)
        {
            rates.Add((AckedAt(progress, start + sliceSeconds) - AckedAt(progress, start)) / sliceSeconds);
        }

        return rates;
    }

    private static double AckedAt(IReadOnlyList<(double Seconds, long Acked)> progress, double seconds)
    {
        for (var i = 1; i < progress.Count; i++)
        {
            if (progress[i].Seconds >= seconds)
            {
                var (t0, a0) = progress[i - 1];
                var (t1, a1) = progress[i];
                return t1 == t0 ? a1 : a0 + ((a1 - a0) * (seconds - t0) / (t1 - t0));
            }
        }

        return progress[^1].Acked;
    }

    private static double TimeAt(IReadOnlyList<(double Seconds, long Acked)> progress, double acked)
    {
        for (var i = 1; i < progress.Count; i++)
        {
            if (progress[i].Acked >= acked)
            {
                var (t0, a0) = progress[i - 1];
                var (t1, a1) = progress[i];
                return a1 == a0 ? t1 : t0 + ((t1 - t0) * (acked - a0) / (a1 - a0));
            }
        }

        return progress[^1].Seconds;
    }

    /// <summary>
    /// Waits until the server makes at most <see cref="IdleOperationsPerSecond"/> storage operations per second over
    /// <see cref="IdleQuietIntervals"/> probe intervals in a row (its account writes have caught up with the load), or
    /// <paramref name="limit"/> has passed. Returns the time waited.
    /// </summary>
    private async Task<TimeSpan> WaitForIdleAsync(IServerProbe server, TimeSpan limit, string label, CancellationToken cancellationToken, bool after = false)
    {
        var (waited, _, _) = await StorageIdle.WaitAsync(server, limit, TimeSpan.FromSeconds(settings.IdleProbeSeconds), cancellationToken);
        (note ?? log)(after
            ? FormattableString.Invariant($"{label}: storage operations counted for {waited.TotalSeconds + settings.SettleSeconds:F0} s after the load, until the server's writes stopped (at most {limit.TotalSeconds:F0} s)")
            : FormattableString.Invariant($"{label}: waited {waited.TotalSeconds:F0} s for the server's storage writes to catch up (at most {limit.TotalSeconds:F0} s)"));
        return waited;
    }

    private void Reset()
    {
        _errors.Clear();
        _sent = _acked = _failed = _unresolved = _retries = _requests = _errorCount = 0;
    }

    private async Task WorkerAsync(ScenarioSpec spec, Func<long[]?> take, LatencyRecorder latency, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && take() is { } indexes)
        {
            await SendUntilResolvedAsync(indexes, Stopwatch.GetTimestamp(), latency);
        }
    }

    private async Task OpenLoopAsync(ScenarioSpec spec, Func<long[]?> take, LatencyRecorder latency, Stopwatch clock, CancellationToken stop)
    {
        var requestsPerSecond = spec.Rate / spec.Batch;
        var started = Stopwatch.GetTimestamp();
        var inFlight = new HashSet<Task>();
        long launched = 0;
        var exhausted = false;
        while (!stop.IsCancellationRequested && !exhausted)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * requestsPerSecond) + 1;
            while (launched < due)
            {
                if (inFlight.Count >= settings.MaxInFlight)
                {
                    inFlight.RemoveWhere(t => t.IsCompleted);
                    if (inFlight.Count >= settings.MaxInFlight)
                    {
                        await Task.WhenAny(inFlight);
                        continue;
                    }
                }

                if (take() is not { } indexes)
                {
                    exhausted = true;
                    break;
                }

                var intended = started + (long)(launched / requestsPerSecond * Stopwatch.Frequency);
                inFlight.Add(Task.Run(() => SendUntilResolvedAsync(indexes, intended, latency), CancellationToken.None));
                launched++;
            }

            inFlight.RemoveWhere(t => t.IsCompleted);
            await Task.Delay(1, CancellationToken.None);
        }

        await Task.WhenAll(inFlight);
    }

    private async Task SendUntilResolvedAsync(long[] indexes, long intendedStart, LatencyRecorder latency)
    {
        var pending = new AwardWire[indexes.Length];
        for (var i = 0; i < indexes.Length; i++)
        {
            pending[i] = AwardWire.From(population, idPrefix, indexes[i]);
        }

        Interlocked.Add(ref _sent, pending.Length);
        for (var attempt = 1; pending.Length > 0; attempt++)
        {
            if (attempt > 1)
            {
                Interlocked.Add(ref _retries, pending.Length);
            }

            var statuses = new int[pending.Length];
            Interlocked.Increment(ref _requests);
            await target.SubmitAsync(pending, statuses, CancellationToken.None);
            List<AwardWire>? retry = null;
            for (var i = 0; i < pending.Length; i++)
            {
                var status = statuses[i];
                if (status == Status.Ok)
                {
                    acks.Mark(pending[i].Index);
                    Interlocked.Increment(ref _acked);
                    continue;
                }

                _errors.AddOrUpdate(status, 1, (_, n) => n + 1);
                Interlocked.Increment(ref _errorCount);
                if (Status.IsRetryable(status))
                {
                    (retry ??= []).Add(pending[i]);
                }
                else
                {
                    Interlocked.Increment(ref _failed);
                }
            }

            if (retry is null)
            {
                break;
            }

            if (attempt >= settings.MaxAttempts || Stopwatch.GetTimestamp() > Interlocked.Read(ref _drainDeadline))
            {
                Interlocked.Add(ref _unresolved, retry.Count);
                foreach (var award in retry)
                {
                    UnresolvedIndexes.Add(award.Index);
                }

                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 25 << Math.Min(attempt, 6))));
            pending = [.. retry];
        }

        latency.Record(Stopwatch.GetElapsedTime(intendedStart));
    }

    private async Task SampleAsync(string label, Stopwatch clock, LatencyRecorder latency, List<(double, long)> progress, List<double> memory, CancellationToken done)
    {
        var lastAcked = 0L;
        var lastErrors = 0L;
        var lastTime = 0.0;
        var lastScrape = 0.0;
        double? memoryMb = null;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(done))
            {
                var now = clock.Elapsed.TotalSeconds;
                var acked = Interlocked.Read(ref _acked);
                var errors = Interlocked.Read(ref _errorCount);
                var interval = latency.Interval();
                if (probe is not null && now - lastScrape >= settings.ScrapeSeconds)
                {
                    lastScrape = now;
                    if (await probe.SampleAsync(done) is { MemoryBytes: { } bytes })
                    {
                        memory.Add(bytes);
                        memoryMb = bytes / 1048576;
                    }
                }

                var rate = (acked - lastAcked) / (now - lastTime);
                var point = new SeriesPoint(label, Math.Round(now, 2), Math.Round(rate, 1), LatencyRecorder.Ms(interval, 50), LatencyRecorder.Ms(interval, 99),
                    LatencyRecorder.MaxMs(interval), errors - lastErrors, acked, memoryMb is { } mb ? Math.Round(mb, 1) : null);
                Series.Add(point);
                progress.Add((now, acked));
                (lastAcked, lastErrors, lastTime) = (acked, errors, now);
                var silo = memoryMb is { } m ? FormattableString.Invariant($"  silo {m:F0} MB") : "";
                log(FormattableString.Invariant(
                    $"[{label} {now,5:F0}s] sent {Interlocked.Read(ref _sent),10:N0}  acked {acked,10:N0}  errors {errors,6:N0}  {rate,8:N0}/s  p99 {point.P99Ms,7:F1} ms{silo}"));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
