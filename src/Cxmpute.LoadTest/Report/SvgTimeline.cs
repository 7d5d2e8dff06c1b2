using System.Globalization;
using System.Net;
using System.Text;
using Cxmpute.LoadTest.Load;

namespace Cxmpute.LoadTest.Report;

/// <summary>
/// A hand-written SVG of the run over time: awards/s (and silo memory, right axis) on top, p50 / p99 latency (log scale)
/// below; scenarios follow one another on the time axis, separated by dashed lines.
/// </summary>
internal static class SvgTimeline
{
    private const double Width = 960, PanelHeight = 220, Left = 70, Right = 70, Top = 40, Gap = 50;

    public static string Render(IReadOnlyList<SeriesPoint> series, string title)
    {
        ArgumentNullException.ThrowIfNull(series);
        var height = Top + (2 * PanelHeight) + Gap + 60;
        var svg = new StringBuilder();
        svg.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"sans-serif\" font-size=\"11\">\n"));
        svg.Append(Inv($"<rect width=\"{Width}\" height=\"{height}\" fill=\"white\"/>\n"));
        svg.Append(Inv($"<text x=\"{Width / 2}\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">{Escape(title)}</text>\n"));
        if (series.Count == 0)
        {
            svg.Append("<text x=\"480\" y=\"200\" text-anchor=\"middle\">no samples</text>\n</svg>\n");
            return svg.ToString();
        }

        // Concatenate the scenarios on one time axis.
        var xs = new double[series.Count];
        var boundaries = new List<(double X, string Label)>();
        double offset = 0, previous = 0;
        string? current = null;
        for (var i = 0; i < series.Count; i++)
        {
            if (series[i].Scenario != current)
            {
                offset += previous + (current is null ? 0 : 2);
                previous = 0;
                current = series[i].Scenario;
                boundaries.Add((offset, current));
            }

            xs[i] = offset + series[i].Seconds;
            previous = series[i].Seconds;
        }

        var xMax = Math.Max(1, xs.Max());
        var plotWidth = Width - Left - Right;
        double X(double t) => Left + (t / xMax * plotWidth);

        // Panel 1: throughput, memory on the right axis.
        var rateMax = Nice(series.Max(p => p.AwardsPerSecond));
        var top1 = Top;
        Axes(svg, top1, "awards/s", 0, rateMax, linear: true);
        Polyline(svg, series, xs, X, p => p.AwardsPerSecond, v => top1 + PanelHeight - (v / rateMax * PanelHeight), "#1f77b4");
        var memory = series.Where(p => p.SiloMemoryMb is not null).ToList();
        if (memory.Count > 1)
        {
            var memMax = Nice(memory.Max(p => p.SiloMemoryMb!.Value));
            Polyline(svg, series, xs, X, p => p.SiloMemoryMb, v => top1 + PanelHeight - (v / memMax * PanelHeight), "#2ca02c", dashed: true);
            for (var k = 0; k <= 4; k++)
            {
                var v = memMax * k / 4;
                svg.Append(Inv($"<text x=\"{Width - Right + 6}\" y=\"{top1 + PanelHeight - (PanelHeight * k / 4) + 4}\" fill=\"#2ca02c\">{v:0} MB</text>\n"));
            }

            svg.Append(Inv($"<text x=\"{Width - Right + 6}\" y=\"{top1 - 8}\" fill=\"#2ca02c\">silo memory</text>\n"));
        }

        // Panel 2: latency, log scale.
        var top2 = Top + PanelHeight + Gap;
        var latMax = Math.Max(1, series.Max(p => p.P99Ms));
        var decades = Math.Max(1, Math.Ceiling(Math.Log10(latMax * 1.05)) + 1);
        double Y2(double ms) => top2 + PanelHeight - ((Math.Log10(Math.Max(ms, 0.1)) + 1) / decades * PanelHeight);
        svg.Append(Inv($"<rect x=\"{Left}\" y=\"{top2}\" width=\"{plotWidth}\" height=\"{PanelHeight}\" fill=\"none\" stroke=\"#999\"/>\n"));
        for (var d = 0; d <= decades; d++)
        {
            var ms = Math.Pow(10, d - 1);
            var y = Y2(ms);
            svg.Append(Inv($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:F1}\" y2=\"{y:F1}\" stroke=\"#eee\"/><text x=\"{Left - 6}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{ms:0.#} ms</text>\n"));
        }

        svg.Append(Inv($"<text x=\"{Left}\" y=\"{top2 - 8}\">latency per request (log scale)</text>\n"));
        Polyline(svg, series, xs, X, p => p.P50Ms > 0 ? p.P50Ms : null, Y2, "#ff7f0e");
        Polyline(svg, series, xs, X, p => p.P99Ms > 0 ? p.P99Ms : null, Y2, "#d62728");

        // Scenario boundaries and the time axis.
        foreach (var (bx, label) in boundaries)
        {
            var x = X(bx);
            svg.Append(Inv($"<line x1=\"{x:F1}\" x2=\"{x:F1}\" y1=\"{top1}\" y2=\"{top2 + PanelHeight}\" stroke=\"#888\" stroke-dasharray=\"3,3\"/>\n"));
            svg.Append(Inv($"<text transform=\"translate({x + 9:F1},{top1 + 4}) rotate(90)\" font-size=\"9\" fill=\"#555\">{Escape(label)}</text>\n"));
        }

        for (var k = 0; k <= 8; k++)
        {
            var t = xMax * k / 8;
            svg.Append(Inv($"<text x=\"{X(t):F1}\" y=\"{top2 + PanelHeight + 16}\" text-anchor=\"middle\">{t:0} s</text>\n"));
        }

        var legendY = top2 + PanelHeight + 40;
        Legend(svg, Left, legendY, "#1f77b4", "awards/s (acknowledged)");
        Legend(svg, Left + 220, legendY, "#ff7f0e", "p50 latency");
        Legend(svg, Left + 360, legendY, "#d62728", "p99 latency");
        if (memory.Count > 1)
        {
            Legend(svg, Left + 500, legendY, "#2ca02c", "silo memory (right axis)");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Axes(StringBuilder svg, double top, string label, double min, double max, bool linear)
    {
        _ = linear;
        svg.Append(Inv($"<rect x=\"{Left}\" y=\"{top}\" width=\"{Width - Left - Right}\" height=\"{PanelHeight}\" fill=\"none\" stroke=\"#999\"/>\n"));
        for (var k = 0; k <= 4; k++)
        {
            var v = min + ((max - min) * k / 4);
            var y = top + PanelHeight - (PanelHeight * k / 4);
            svg.Append(Inv($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:F1}\" y2=\"{y:F1}\" stroke=\"#eee\"/><text x=\"{Left - 6}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{v:N0}</text>\n"));
        }

        svg.Append(Inv($"<text x=\"{Left}\" y=\"{top - 8}\">{Escape(label)}</text>\n"));
    }

    private static void Polyline(StringBuilder svg, IReadOnlyList<SeriesPoint> series, double[] xs, Func<double, double> x, Func<SeriesPoint, double?> value, Func<double, double> y, string color, bool dashed = false)
    {
        var points = new StringBuilder();
        string? scenario = null;
        for (var i = 0; i < series.Count; i++)
        {
            if (series[i].Scenario != scenario && points.Length > 0)
            {
                Flush();
            }

            scenario = series[i].Scenario;
            if (value(series[i]) is { } v)
            {
                points.Append(Inv($"{x(xs[i]):F1},{y(v):F1} "));
            }
            else
            {
                Flush(); // no sample in this second (nothing completed): a gap, not a line across it
            }
        }

        Flush();

        void Flush()
        {
            if (points.Length > 0)
            {
                svg.Append(Inv($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\"{(dashed ? " stroke-dasharray=\"5,3\"" : "")} points=\"{points.ToString().TrimEnd()}\"/>\n"));
                points.Clear();
            }
        }
    }

    private static void Legend(StringBuilder svg, double x, double y, string color, string label) =>
        svg.Append(Inv($"<line x1=\"{x}\" x2=\"{x + 20}\" y1=\"{y - 4}\" y2=\"{y - 4}\" stroke=\"{color}\" stroke-width=\"2\"/><text x=\"{x + 26}\" y=\"{y}\">{Escape(label)}</text>\n"));

    /// <summary>A round axis maximum at or above <paramref name="value"/>.</summary>
    internal static double Nice(double value)
    {
        if (value <= 0)
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 2.0, 2.5, 5.0, 10.0 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
