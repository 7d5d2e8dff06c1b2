using System.Globalization;

namespace Cxmpute.LoadTest.Metrics;

/// <summary>
/// A Prometheus histogram's cumulative buckets (upper bound in ms → observations at or below it), as read at one
/// moment. Two readings give the histogram of what happened in between, and its quantiles the way Prometheus'
/// <c>histogram_quantile</c> computes them: linear within the bucket holding the quantile.
/// </summary>
internal sealed record LatencyBuckets(IReadOnlyList<(double UpperMs, double Count)> Cumulative)
{
    /// <summary>The buckets of <paramref name="metric"/> (e.g. <c>cxmpute_award_duration_milliseconds</c>), summed over its series; null when absent.</summary>
    public static LatencyBuckets? Read(string text, string metric)
    {
        var byBound = PrometheusText.SumBy(text, metric + "_bucket", "le");
        if (byBound.Count == 0)
        {
            return null;
        }

        var buckets = byBound
            .Select(b => (UpperMs: b.Key == "+Inf" ? double.PositiveInfinity : double.Parse(b.Key, NumberStyles.Float, CultureInfo.InvariantCulture), Count: b.Value))
            .OrderBy(b => b.UpperMs)
            .ToList();
        return new LatencyBuckets(buckets);
    }

    /// <summary>
    /// The <paramref name="percentile"/> of the observations made after <paramref name="before"/> (null: all of them),
    /// in ms; null when there were none. In the open-ended last bucket it is that bucket's lower bound.
    /// </summary>
    public double? Percentile(LatencyBuckets? before, double percentile)
    {
        var counts = Cumulative.Select(b => (b.UpperMs, Count: b.Count - (before?.CountAtOrBelow(b.UpperMs) ?? 0))).ToList();
        var total = counts.Count == 0 ? 0 : counts[^1].Count;
        if (total <= 0)
        {
            return null;
        }

        var rank = percentile / 100 * total;
        var (lower, below) = (0.0, 0.0);
        foreach (var (upper, count) in counts)
        {
            if (count >= rank && count > below)
            {
                return double.IsPositiveInfinity(upper) ? lower : lower + ((upper - lower) * (rank - below) / (count - below));
            }

            (lower, below) = (double.IsPositiveInfinity(upper) ? lower : upper, count);
        }

        return lower;
    }

    private double CountAtOrBelow(double upperMs)
    {
        foreach (var (upper, count) in Cumulative)
        {
            if (upper == upperMs)
            {
                return count;
            }
        }

        return 0;
    }
}
