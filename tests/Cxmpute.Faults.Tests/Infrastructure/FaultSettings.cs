using System.Globalization;

namespace Cxmpute.Faults.Tests.Infrastructure;

/// <summary>
/// How long the faults go on. ./test.sh runs the short version (defaults); scripts/fault-run.sh sets
/// <c>CXMPUTE_FAULT_MINUTES</c> (3) and <c>CXMPUTE_FAULT_REPORT</c> (a folder for the scenario reports).
/// </summary>
public static class FaultSettings
{
    public const string MinutesVariable = "CXMPUTE_FAULT_MINUTES";
    public const string ReportVariable = "CXMPUTE_FAULT_REPORT";
    public const string KillIntervalVariable = "CXMPUTE_FAULT_KILL_INTERVAL";
    public const string KillPacingVariable = "CXMPUTE_FAULT_KILL_PACING";

    /// <summary>Minutes of silo kills (default 0.75: three kills at 15 s intervals; the long run: 3, twelve kills).</summary>
    public static double Minutes => Number(MinutesVariable, 0.75, min: 0.25, max: 60);

    /// <summary>Seconds between silo kills (default 15).</summary>
    public static double KillIntervalSeconds => Number(KillIntervalVariable, 15, min: 3, max: 600);

    /// <summary>
    /// <c>fixed</c>: a kill every interval whatever state the cluster is in (the long run; a second silo may die before the
    /// first is declared dead). <c>after-recovery</c> (default, ./test.sh): a kill every interval, but only once every silo
    /// is ready again and awards have been acknowledged in each of the last 5 seconds: one failure at a time.
    /// </summary>
    public static bool FixedPacing =>
        (Environment.GetEnvironmentVariable(KillPacingVariable) ?? "after-recovery") switch
        {
            "fixed" => true,
            "after-recovery" or "" => false,
            var other => throw new InvalidOperationException($"{KillPacingVariable} is '{other}'; expected fixed or after-recovery."),
        };

    /// <summary>True when run by scripts/fault-run.sh (the long version, with a report).</summary>
    public static bool IsLongRun => ReportDirectory is not null;

    /// <summary>Where each scenario writes <c>&lt;scenario&gt;.json</c>; null in the short version.</summary>
    public static string? ReportDirectory =>
        Environment.GetEnvironmentVariable(ReportVariable) is { Length: > 0 } dir ? Path.GetFullPath(dir) : null;

    private static double Number(string variable, double fallback, double min, double max)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidOperationException($"{variable} is '{text}'; expected a number from {min} to {max}.");
    }
}
