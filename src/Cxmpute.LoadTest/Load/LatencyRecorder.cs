using HdrHistogram;

namespace Cxmpute.LoadTest.Load;

/// <summary>Latencies in microseconds (1 µs to 5 min, 3 significant digits): per interval for the time series, and in total.</summary>
internal sealed class LatencyRecorder
{
    private const long Highest = 300_000_000;
    private readonly Recorder _recorder = new(1, Highest, 3, (id, low, high, digits) => new LongHistogram(id, low, high, digits));
    private readonly LongHistogram _total = new(1, Highest, 3);
    private HistogramBase? _spare;

    public void Record(TimeSpan latency) =>
        _recorder.RecordValue(Math.Clamp((long)(latency.Ticks / 10), 1, Highest));

    /// <summary>The histogram of the interval since the previous call, which is also added to the total.</summary>
    public HistogramBase Interval()
    {
        var interval = _recorder.GetIntervalHistogram(_spare);
        _total.Add(interval);
        _spare = interval;
        return interval;
    }

    public HistogramBase Total => _total;

    public static double Ms(HistogramBase histogram, double percentile) =>
        histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(percentile) / 1000.0;

    public static double MaxMs(HistogramBase histogram) => histogram.TotalCount == 0 ? 0 : histogram.GetMaxValue() / 1000.0;
}
