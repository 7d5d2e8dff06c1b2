using System.Diagnostics.Metrics;

namespace Cxmpute.Grains;

/// <summary>
/// The ledger's instruments (meter <c>Cxmpute.Ledger</c>, exported through OpenTelemetry by the host) and running
/// totals that tests and the load tool read directly.
/// </summary>
public sealed class LedgerMetrics : IDisposable
{
    public const string MeterName = "Cxmpute.Ledger";

    private readonly Meter _meter;
    private readonly Counter<long> _awards;
    private readonly Counter<long> _credits;
    private readonly Counter<long> _storageOperations;
    private readonly Histogram<double> _storageLatency;
    private readonly Histogram<long> _groupSize;
    private readonly Counter<double> _throttled;
    private readonly Counter<long> _setAside;
    private long _setAsideTotal;
    private readonly Histogram<double> _awardLatency;
    private readonly Histogram<double> _deliveryLatency;
    private long _throttledTicks;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, StorageTotal> _byKind = new(StringComparer.Ordinal);
    private long _awardTotal;
    private long _creditTotal;
    private long _storageTotal;
    private long _rowsTotal;
    private readonly Counter<long> _rows;

    public LedgerMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _awards = _meter.CreateCounter<long>("cxmpute.awards", "{award}", "Awards committed (replays not counted)");
        _credits = _meter.CreateCounter<long>("cxmpute.credits", "{credit}", "Credits delivered to accounts");
        _storageOperations = _meter.CreateCounter<long>("cxmpute.storage.operations", "{operation}", "Requests made to storage, by kind");
        _storageLatency = _meter.CreateHistogram<double>("cxmpute.storage.duration", "ms", "Latency of storage requests");
        _rows = _meter.CreateCounter<long>("cxmpute.storage.rows_written", "{row}", "Rows written to storage (a transaction writes several)");
        _groupSize = _meter.CreateHistogram<long>("cxmpute.commit.size", "{entry}", "Entries per journal group commit");
        _setAside = _meter.CreateCounter<long>("cxmpute.award.set_aside", "{award}", "Awards a journal priced in a later group because an account they need was still loading from storage");
        _throttled = _meter.CreateCounter<double>("cxmpute.commit.throttled", "s", "Time journals held commits back because account flushes were behind");
        _awardLatency = _meter.CreateHistogram<double>("cxmpute.award.duration", "ms", "Time from an award's arrival at its journal to its acknowledgement (accepted awards)", advice: LatencyBuckets);
        _deliveryLatency = _meter.CreateHistogram<double>("cxmpute.commit.delivery.duration", "ms", "Time from a group commit being durable to its credits being applied by every account it touches (includes waiting for the previous commit's delivery)", advice: LatencyBuckets);
    }

    // Finer than the default boundaries below 100 ms, where the latency targets are.
    private static readonly InstrumentAdvice<double> LatencyBuckets = new()
    {
        HistogramBucketBoundaries = [1, 2, 5, 10, 20, 30, 50, 75, 100, 150, 250, 500, 1000, 2500, 5000, 10000, 30000],
    };

    public long Awards => Interlocked.Read(ref _awardTotal);

    public long Credits => Interlocked.Read(ref _creditTotal);

    public long StorageOperations => Interlocked.Read(ref _storageTotal);

    public long RowsWritten => Interlocked.Read(ref _rowsTotal);

    /// <summary>Total time journals held commits back for flush back-pressure (summed over journals).</summary>
    public TimeSpan ThrottledTime => TimeSpan.FromTicks(Interlocked.Read(ref _throttledTicks));

    public void CommitsThrottled(string journal, TimeSpan delay)
    {
        _throttled.Add(delay.TotalSeconds, new KeyValuePair<string, object?>("journal", journal));
        Interlocked.Add(ref _throttledTicks, delay.Ticks);
    }

    /// <summary>Awards set aside by pricing until their accounts have loaded (<see cref="LedgerOptions.LookupWait"/>).</summary>
    public void SetAside(int awards)
    {
        _setAside.Add(awards);
        Interlocked.Add(ref _setAsideTotal, awards);
    }

    public long AwardsSetAside => Interlocked.Read(ref _setAsideTotal);

    public void RowsWrittenAdd(string kind, int rows)
    {
        _rows.Add(rows, new KeyValuePair<string, object?>("kind", kind));
        Interlocked.Add(ref _rowsTotal, rows);
    }

    public void Committed(string journal, int entries, int credits, bool awards)
    {
        _groupSize.Record(entries, new KeyValuePair<string, object?>("journal", journal));
        if (awards)
        {
            _awards.Add(entries);
            Interlocked.Add(ref _awardTotal, entries);
        }

        _credits.Add(credits);
        Interlocked.Add(ref _creditTotal, credits);
    }

    /// <summary>A group commit's credits were applied by every account it touches, <paramref name="elapsed"/> after it was durable.</summary>
    public void Delivered(string journal, TimeSpan elapsed) =>
        _deliveryLatency.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("journal", journal));

    /// <summary>An accepted award was acknowledged, <paramref name="elapsed"/> after it reached its journal.</summary>
    public void Acknowledged(TimeSpan elapsed) => _awardLatency.Record(elapsed.TotalMilliseconds);

    public void Storage(string kind, TimeSpan elapsed)
    {
        _storageOperations.Add(1, new KeyValuePair<string, object?>("kind", kind));
        _storageLatency.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("kind", kind));
        Interlocked.Increment(ref _storageTotal);
        var total = _byKind.GetOrAdd(kind, _ => new StorageTotal());
        Interlocked.Increment(ref total.Count);
        Interlocked.Add(ref total.Ticks, elapsed.Ticks);
    }

    /// <summary>Storage requests so far by kind: how many, and their summed latency.</summary>
    public IReadOnlyDictionary<string, (long Count, TimeSpan Time)> StorageByKind() =>
        _byKind.ToDictionary(p => p.Key, p => (Interlocked.Read(ref p.Value.Count), TimeSpan.FromTicks(Interlocked.Read(ref p.Value.Ticks))), StringComparer.Ordinal);

    private sealed class StorageTotal
    {
        public long Count;
        public long Ticks;
    }

    public void Dispose() => _meter.Dispose();
}
