using System.Globalization;

namespace Cxmpute.LoadTest.Metrics;

/// <summary>A minimal reader of the Prometheus text exposition format: sums of series by metric name, and by one label.</summary>
internal static class PrometheusText
{
    /// <summary>Sum of the values of every series named <paramref name="metric"/>; null when there is none.</summary>
    public static double? Sum(string text, string metric) => Series(text, metric).Select(s => s.Value).DefaultIfEmpty(double.NaN).Sum() is var sum && double.IsNaN(sum) ? null : sum;

    /// <summary>Sums of the series named <paramref name="metric"/>, grouped by the value of <paramref name="label"/>.</summary>
    public static Dictionary<string, double> SumBy(string text, string metric, string label)
    {
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (labels, value) in Series(text, metric))
        {
            var key = Label(labels, label) ?? "";
            sums[key] = sums.GetValueOrDefault(key) + value;
        }

        return sums;
    }

    public static IEnumerable<(string Labels, double Value)> Series(string text, string metric)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#' || !line.StartsWith(metric, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line.AsSpan(metric.Length);
            string labels = "";
            if (rest.Length > 0 && rest[0] == '{')
            {
                var close = rest.IndexOf('}');
                if (close < 0)
                {
                    continue;
                }

                labels = rest[1..close].ToString();
                rest = rest[(close + 1)..];
            }
            else if (rest.Length == 0 || rest[0] != ' ')
            {
                continue; // another metric whose name starts with this one
            }

            rest = rest.TrimStart(' ');
            var space = rest.IndexOf(' ');
            var number = space < 0 ? rest : rest[..space];
            if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                yield return (labels, value);
            }
        }
    }

    private static string? Label(string labels, string name)
    {
        var key = name + "=\"";
        var at = labels.IndexOf(key, StringComparison.Ordinal);
        while (at > 0 && labels[at - 1] != ',')
        {
            at = labels.IndexOf(key, at + 1, StringComparison.Ordinal);
        }

        if (at < 0)
        {
            return null;
        }

        var start = at + key.Length;
        var end = labels.IndexOf('"', start);
        return end < 0 ? null : labels[start..end];
    }
}
