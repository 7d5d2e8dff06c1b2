using Cxmpute.LoadTest.InProc;
using Cxmpute.LoadTest.Load;
using Cxmpute.LoadTest.Population;
using Cxmpute.LoadTest.Report;
using Cxmpute.LoadTest.Targets;

namespace Cxmpute.LoadTest.Cli;

/// <summary>
/// <c>inproc</c>: the ledger on memory storage in a silo inside this process, against the grain-call ceiling measured in the
/// same silo. Before every award run, trivial calls to 1,000 ping grains measure what the silo can do per second; during the
/// award run every incoming grain call is counted. Ceiling for awards = ceiling calls/s ÷ grain calls per award. A warm-up run
/// of the first scenario comes first and counts for nothing: the first run after setup was always the slowest (JIT tiers,
/// the population's activations), which measured the silo's start, not its cost per award.
/// </summary>
internal static class InProcCommand
{
    public const string Help = """
        inproc       memory storage in an in-process silo vs the trivial-grain-call ceiling (no durability)
          --scenario SPEC        orleans:... scenarios (orleans:conn=64:batch=1)   --duration S (20)   --repeat N (3)
          --ceiling-concurrency N  concurrent ping loops (64)   --ceiling-seconds S (10)   --no-reconcile   --out DIR
          --warmup S             an unmeasured run of the first scenario before the measured ones, S seconds (20; 0: none)
        """;

    internal const string WarmupLabel = "warm-up (not measured)";

    public static async Task<int> RunAsync(Args args, ConsoleProgress console, CancellationToken cancellationToken)
    {
        var spec = Common.Spec(args);
        var schedule = Common.Schedule(args);
        var duration = TimeSpan.FromSeconds(args.Double("duration", 20));
        var scenarios = args.All("scenario") is { Count: > 0 } texts ? texts : ["orleans:conn=64:batch=1"];
        var parsed = scenarios.Select(s => ScenarioSpec.Parse(s, duration, 50_000_000)).ToList();
        if (parsed.Any(s => s.Mode != "orleans"))
        {
            throw new ArgumentException("inproc runs orleans scenarios only");
        }

        if (parsed[0].HalfOfPrevious)
        {
            throw new ArgumentException("rate=half needs a measured scenario before it");
        }

        var warmup = args.Double("warmup", 20);
        if (warmup > 0)
        {
            parsed.Insert(0, parsed[0] with { Label = WarmupLabel, Duration = TimeSpan.FromSeconds(warmup), Repeat = 1, HalfOfPrevious = false, Rate = 0 });
        }

        var repeat = args.Int("repeat", 3);
        var ceilingConcurrency = args.Int("ceiling-concurrency", 64);
        var ceilingDuration = TimeSpan.FromSeconds(args.Double("ceiling-seconds", 10));
        var reconcile = !args.Flag("no-reconcile");
        var output = args.String("out") ?? Path.Combine("artifacts", "load", "inproc-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
        var configDirectory = args.String("config-dir");
        args.EnsureAllUsed();

        var population = new LoadPopulation(spec, schedule);
        console.Log("starting an in-process silo with the ledger on memory storage...");
        await using var silo = await InProcessSilo.StartAsync(configDirectory, cancellationToken);
        var target = new OrleansLedgerTarget(silo.Grains, "in-process silo, memory storage, IAwardIngressGrain");
        await CeilingBenchmark.RunAsync(silo.Grains, ceilingConcurrency, TimeSpan.FromSeconds(2), cancellationToken); // warm-up

        var ceilings = new List<double>();
        var callsPerAward = new List<double>();
        var byInterface = new List<Dictionary<string, double>>();
        var report = await RunCommand.ExecuteAsync(console, population, target, parsed, _ => target, silo, repeat, skipSetup: false, reconcile,
            setupConcurrency: 256, reconcileConcurrency: 64, new LoadSettings(SettleSeconds: 6), cancellationToken,
            async (scenario, rep, runOnce) =>
            {
                if (scenario.Label == WarmupLabel)
                {
                    return await runOnce();
                }

                var ceiling = await CeilingBenchmark.RunAsync(silo.Grains, ceilingConcurrency, ceilingDuration, cancellationToken);
                ceilings.Add(ceiling);
                console.Log($"  ceiling: {ceiling:N0} trivial grain calls/s ({ceilingConcurrency} loops, 1,000 grains)");
                var before = silo.Calls.Snapshot();
                var result = await runOnce();
                var delta = CallCounter.Delta(before, silo.Calls.Snapshot());
                delta.Remove(typeof(IPingGrain).FullName!);
                var perAward = result.Acked > 0 ? delta.Values.Sum() / (double)result.Acked : 0;
                callsPerAward.Add(perAward);
                byInterface.Add(delta.ToDictionary(d => d.Key[(d.Key.LastIndexOf('.') + 1)..], d => result.Acked > 0 ? d.Value / (double)result.Acked : 0));
                console.Log($"  grain calls per award: {perAward:F2}");
                return result;
            });

        var inproc = Summarize(report.Runs, ceilings, callsPerAward, byInterface, GarbageCollectorMode(), warmup);
        console.Log($"memory storage: {inproc.AwardsPerSecond:N0} awards/s; ceiling {inproc.CeilingCallsPerSecond:N0} calls/s ÷ {inproc.GrainCallsPerAward:F2} calls/award = {inproc.CeilingAwardsPerSecond:N0} awards/s; ratio {inproc.RatioToCeiling:P0}");
        return RunCommand.Finish(report with { InProc = inproc }, output, console);
    }

    /// <summary>
    /// Medians of the measured runs: the ceilings and call counts are taken around those only, and the warm-up run's rate
    /// is left out of the awards/s.
    /// </summary>
    internal static InProcResult Summarize(IEnumerable<ScenarioResult> runs, IReadOnlyList<double> ceilings, IReadOnlyList<double> callsPerAward,
        IReadOnlyList<Dictionary<string, double>> byInterface, string garbageCollector, double warmupSeconds)
    {
        var awards = runs.Where(r => r.Scenario != WarmupLabel).Select(r => r.AwardsPerSecond).ToList();
        var ceilingMedian = ScenarioMedian.Median(ceilings);
        var callsMedian = ScenarioMedian.Median(callsPerAward);
        var awardsMedian = ScenarioMedian.Median(awards);
        var ceilingAwards = callsMedian > 0 ? ceilingMedian / callsMedian : 0;
        var keys = byInterface.SelectMany(d => d.Keys).Distinct();
        return new InProcResult(ceilingMedian, callsMedian, awardsMedian, ceilingAwards, ceilingAwards > 0 ? awardsMedian / ceilingAwards : 0,
            ceilings, awards, callsPerAward, keys.ToDictionary(k => k, k => ScenarioMedian.Median(byInterface.Select(d => d.GetValueOrDefault(k)))),
            garbageCollector, Math.Max(0, warmupSeconds));
    }

    /// <summary>The GC the in-process silo ran with: both figures of the ratio depend on it.</summary>
    private static string GarbageCollectorMode()
    {
        var gc = GC.GetConfigurationVariables();
        var kind = gc.GetValueOrDefault("ServerGC") is true ? "server" : "workstation";
        var concurrent = gc.GetValueOrDefault("ConcurrentGC") is true ? "concurrent" : "non-concurrent";
        var datas = Convert.ToInt64(gc.GetValueOrDefault("GCDynamicAdaptationMode", 0L), System.Globalization.CultureInfo.InvariantCulture) == 0 ? ", DATAS off" : ", DATAS on";
        return $"{kind}, {concurrent}{datas}";
    }
}
