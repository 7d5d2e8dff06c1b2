using System.Text.Json;
using System.Xml.Linq;
using Cxmpute.LoadTest.Load;
using Cxmpute.LoadTest.Reconcile;
using Cxmpute.LoadTest.Report;

namespace Cxmpute.LoadTest.Tests;

public sealed class ReportTests
{
    [Fact]
    public void Summary_json_markdown_and_svg_are_written_and_well_formed()
    {
        var run = new ScenarioResult
        {
            Scenario = "http-batch conn=8 batch=500", Mode = "http-batch", Repetition = 1, Connections = 8, Batch = 500, Seconds = 30, Sent = 90_000, Acked = 90_000,
            AwardsPerSecond = 3000, P50Ms = 10, P90Ms = 20, P99Ms = 40, MaxMs = 80, ErrorsByStatus = new() { ["503"] = 2 }, StorageOperationsPerAward = 0.05,
        };
        var series = Enumerable.Range(1, 30).Select(s => new SeriesPoint(run.Scenario, s, 3000 + s, 10, 40, 80, 0, s * 3000L, 300 + s)).ToList();
        var report = new RunReport
        {
            StartedAt = DateTimeOffset.UnixEpoch,
            Machine = new MachineInfo(2, "linux", ".NET", 1.0),
            Target = "POST /api/awards/batch <test>",
            Population = new PopulationInfo(100, 10, 42, "t", 70, 7, 6, 6, 1.0, 0.19, 0.34),
            Runs = [run],
            Medians = [ScenarioMedian.Of(run.Scenario, [run])],
            Reconciliation = new ReconciliationResult(110, 110, 0, 0, 90_000, 400_000, 12.5m, 12.5m, 1.0, []),
            Series = series,
        };
        var directory = Path.Combine(Path.GetTempPath(), "cx-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (json, markdown, svg) = ReportWriter.Write(report, directory);
            using var document = JsonDocument.Parse(File.ReadAllText(json));
            Assert.Equal(3000, document.RootElement.GetProperty("medians")[0].GetProperty("awardsPerSecond").GetDouble());
            Assert.Equal(12.5m, document.RootElement.GetProperty("reconciliation").GetProperty("expectedGrandTotal").GetDecimal());
            var md = File.ReadAllText(markdown);
            Assert.Contains("| http-batch conn=8 batch=500 | 1 | 3,000 |", md, StringComparison.Ordinal);
            Assert.Contains("**exact**", md, StringComparison.Ordinal);
            var xml = XDocument.Parse(File.ReadAllText(svg)); // throws on malformed XML ("<test>" must be escaped)
            Assert.Equal("svg", xml.Root!.Name.LocalName);
            Assert.True(xml.Descendants().Count(e => e.Name.LocalName == "polyline") >= 3);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Medians_take_the_middle_run()
    {
        Assert.Equal(2, ScenarioMedian.Median([3, 1, 2]));
        Assert.Equal(2.5, ScenarioMedian.Median([4, 1, 2, 3]));
        Assert.Equal(5000, SvgTimeline.Nice(4100));
        Assert.Equal(250, SvgTimeline.Nice(201));
    }
}
