using CsCheck;
using Cxmpute.Audit.Checks;
using Cxmpute.Audit.Running;
using Cxmpute.Grains;
using Cxmpute.Grains.Hosting;
using Cxmpute.Grains.Tests.Infrastructure;
using Cxmpute.Rewards;
using Xunit.Abstractions;

namespace Cxmpute.Properties.Tests.Ledger;

/// <summary>
/// Random sequences of registrations, awards (with replays, changed bodies, bad times, batches) and referral applies
/// (one at a time and concurrent: cycle races, self, kind mismatch, unknown codes) against the in-memory ledger and a
/// reference model: every answer, and at the end every balance by kind, network count and referrer, equal the model's.
/// Then the audit, run over everything the sequences stored, finds nothing.
/// </summary>
public sealed class LedgerPropertyTests(LedgerCluster cluster, ITestOutputHelper output) : IClassFixture<LedgerCluster>
{
    [Fact]
    public Task The_ledger_matches_the_model_and_the_audit_passes() => LedgerProperty.RunAsync(cluster, output, LedgerProperty.Iterations);
}

/// <summary>The same property on two silos sharing storage: grains of one sequence spread over both.</summary>
public sealed class TwoSiloLedgerPropertyTests(TwoSiloCluster cluster, ITestOutputHelper output) : IClassFixture<TwoSiloCluster>
{
    [Fact]
    public Task The_ledger_matches_the_model_and_the_audit_passes() => LedgerProperty.RunAsync(cluster, output, LedgerProperty.Iterations / 4);
}

internal static class LedgerProperty
{
    /// <summary>Sequences per run (5–40 steps each); CXMPUTE_PROPERTY_ITERATIONS overrides, e.g. for a long soak.</summary>
    public static readonly long Iterations = long.TryParse(Environment.GetEnvironmentVariable("CXMPUTE_PROPERTY_ITERATIONS"), out var n) ? n : 200;

    private static readonly RewardSchedule Schedule = RewardSchedule.Load(Path.Combine(LedgerSiloBuilderExtensions.FindConfigDirectory()!, RewardSchedule.DefaultFileName));

    public static async Task RunAsync(LedgerCluster cluster, ITestOutputHelper output, long iterations)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var runs = 0;
        await LedgerOps.Sequence.SampleAsync(
            async ops =>
            {
                Interlocked.Increment(ref runs);
                await new SequenceRunner(cluster, Schedule).RunAsync(ops);
            },
            iter: iterations,
            threads: 1,
            print: LedgerOps.Print,
            writeLine: output.WriteLine);
        output.WriteLine($"{runs} sequences in {clock.Elapsed.TotalSeconds:F1} s; outcomes: "
            + string.Join(", ", SequenceRunner.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}")));

        var options = TestLedgerOptions.Create();
        var auditor = new Auditor([Schedule], new AuditSettings { AwardJournals = options.AwardJournals });
        var run = await new AuditRunner(new MemoryLedgerSource(cluster.World.Journals, options), new GrainAccountSource(cluster.Grains), auditor, 8).RunAsync();
        output.WriteLine($"audit: {run.Result.Counts} in {run.Elapsed.TotalSeconds:F1} s");
        Assert.True(run.Result.Passed, string.Join("\n", run.Result.Discrepancies.Take(50)));
        Assert.True(run.Result.Counts.AwardEntries > 0 && run.Result.Counts.ReferralEntries > 0);
    }
}
