using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Cxmpute.Faults.Tests.Infrastructure;

/// <summary>
/// One scenario's measurements. Printed to the test output; in the long run (<c>CXMPUTE_FAULT_REPORT</c>) also written to
/// <c>&lt;dir&gt;/&lt;scenario&gt;.json</c>, which scripts/fault-report.mjs turns into report.md and report.json. Written before the
/// scenario's assertions, so that a failing run still reports what it measured.
/// </summary>
public sealed class FaultReport(string scenario)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string Scenario { get; } = scenario;

    /// <summary>Faults injected, by kind (e.g. <c>silo SIGKILL</c>).</summary>
    public Dictionary<string, int> Faults { get; } = new(StringComparer.Ordinal);

    public int AwardsAcknowledged { get; set; }

    public int AwardsLost { get; set; }

    public int DoubleCredits { get; set; }

    public int TotalMismatches { get; set; }

    public int? AuditExitCode { get; set; }

    /// <summary>Seconds from storage (or a front end) coming back to the end of the first run of N consecutive acknowledgements.</summary>
    public List<double> TimeToRecoverSeconds { get; } = [];

    /// <summary>Anything else measured (counts, latencies, observations), by name.</summary>
    public JsonObject Details { get; } = [];

    public List<string> Notes { get; } = [];

    public double DurationSeconds { get; set; }

    public void Write(ITestOutputHelper output)
    {
        var json = ToJson().ToJsonString(Indented);
        output.WriteLine($"report {Scenario}:\n{json}");
        if (FaultSettings.ReportDirectory is { } dir)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, Scenario + ".json"), json);
        }
    }

    private JsonObject ToJson() => new()
    {
        ["scenario"] = Scenario,
        ["minutes"] = FaultSettings.Minutes,
        ["durationSeconds"] = Math.Round(DurationSeconds, 1),
        ["faults"] = new JsonObject(Faults.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value))),
        ["awardsAcknowledged"] = AwardsAcknowledged,
        ["awardsLost"] = AwardsLost,
        ["doubleCredits"] = DoubleCredits,
        ["totalMismatches"] = TotalMismatches,
        ["auditExitCode"] = AuditExitCode,
        ["auditPassed"] = AuditExitCode == 0,
        ["timeToRecoverSeconds"] = new JsonArray([.. TimeToRecoverSeconds.Select(s => (JsonNode?)Math.Round(s, 2))]),
        ["details"] = Details.DeepClone(),
        ["notes"] = new JsonArray([.. Notes.Select(n => (JsonNode?)n)]),
    };
}
