using Cxmpute.LoadTest.Load;
using Cxmpute.LoadTest.Metrics;

namespace Cxmpute.LoadTest.Cli;

/// <summary>
/// What <c>run</c> measures around the scenarios: the storage operations of the measured span (<see cref="StorageSpan"/>)
/// and the size of Azurite's table database at a few points (<see cref="TableFootprint"/>).
/// </summary>
/// <param name="SpanTail">How long to wait at most, after the last measured run, for storage to be idle.</param>
/// <param name="TableDb">Azurite's table <c>--location</c> folder, or null not to read it.</param>
internal sealed record Measuring(TimeSpan SpanTail, string? TableDb)
{
    public async Task<StorageSpan?> SpanAsync(ConsoleProgress console, IServerProbe probe, LoadSettings settings, IReadOnlyList<ScenarioResult> measured, CancellationToken cancellationToken)
    {
        var (waited, idle, last) = await StorageIdle.WaitAsync(probe, SpanTail, TimeSpan.FromSeconds(settings.IdleProbeSeconds), cancellationToken);
        var span = StorageSpan.Of(measured, last, waited, idle);
        if (span is not null)
        {
            console.Log(FormattableString.Invariant(
                $"measured span ({span.Runs} runs, {span.FirstScenario} … {span.LastScenario}): {span.Operations:N0} storage operations ({span.OperationsDuringRuns:N0} during the runs, {span.TailOperations:N0} in the {span.TailSeconds:F0} s after the last {(idle ? "until storage was idle" : "without storage going idle")}) for {span.Awards:N0} awards = {span.OperationsPerAward:F3} per award"));
        }

        return span;
    }

    /// <summary>Reads the table database's size once storage is idle and Azurite has saved what came before.</summary>
    public async Task FootprintAsync(ConsoleProgress console, IServerProbe? probe, LoadSettings settings, string label, long awardsBefore, List<FootprintPoint> points, CancellationToken cancellationToken, bool idleAlready = false)
    {
        if (TableDb is null)
        {
            return;
        }

        if (!idleAlready && probe is not null)
        {
            await StorageIdle.WaitAsync(probe, SpanTail, TimeSpan.FromSeconds(settings.IdleProbeSeconds), cancellationToken);
        }

        var since = DateTime.UtcNow;
        var (bytes, saved) = await TableFootprint.AfterSaveAsync(TableDb, since, TimeSpan.FromSeconds(30), cancellationToken);
        points.Add(new FootprintPoint(label, DateTimeOffset.UtcNow, bytes, awardsBefore, saved));
        console.Log(FormattableString.Invariant($"table database {label}: {bytes / 1048576.0:F1} MiB ({(saved ? "saved" : "still changing after 30 s: approximate")}), {awardsBefore:N0} awards acknowledged before"));
    }
}
