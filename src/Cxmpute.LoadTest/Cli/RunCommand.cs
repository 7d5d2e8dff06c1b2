using Cxmpute.LoadTest.Load;
using Cxmpute.LoadTest.Metrics;
using Cxmpute.LoadTest.Population;
using Cxmpute.LoadTest.Reconcile;
using Cxmpute.LoadTest.Report;
using Cxmpute.LoadTest.Setup;
using Cxmpute.LoadTest.Targets;

namespace Cxmpute.LoadTest.Cli;

/// <summary><c>run</c>: set up the population, run the scenarios, reconcile every account, write the reports.</summary>
internal static class RunCommand
{
    public const string Help = """
        run (default)  load a running deployment over HTTP or an Orleans client
          --url URL              front end (http://127.0.0.1:5000)
          --api-key KEY          X-Api-Key (env CXMPUTE_API_KEY, else dev-key-change-me)
          --mode M               http | http-batch | orleans | http-publisher (http-batch); http-publisher: one
                                 AwardPublisher.PublishAsync per award from each caller (Cxmpute.Client)
          --linger MS            http-publisher: the publisher's linger (5)
          --connections N        closed loop: concurrent requests (64 for http, 8 for http-batch, 64 for orleans)
          --batch N              awards per request (500 for http-batch, 1 otherwise; at most 1000)
          --rate R               open loop at R awards/s instead of a closed loop
          --duration S           seconds per scenario run (30; unlimited when only --awards is given)
          --awards N             awards per scenario run at most (1000000)
          --scenario SPEC        instead of the four above, repeatable: mode[:conn=N][:batch=N][:rate=R|half][:duration=S][:awards=N][:repeat=N][:label=L]
                                 [:zipf=S][:measure=1][:slice=S][:idle=S]
          --repeat N             runs of each scenario (1); the summary gives the median
          --skip-setup           the population already exists (same --tag and --seed)
          --no-reconcile         skip reading every account back
          --metrics URL|none     the silo's Prometheus endpoint ({url}/metrics)
          --silo-pid PID         read the silo's RSS from /proc (a local silo)
          --gateway-port P       Orleans gateway for mode orleans without storage (30000)
          --storage-connection C Orleans clustering from Azure Table membership (env CXMPUTE_STORAGE_CONNECTION)
          --cluster-id ID / --service-id ID / --membership-table T   (cxmpute / cxmpute-rewards / cxmembership)
          --setup-concurrency N  (64)   --reconcile-concurrency N (32)   --timeout S per request (120)   --settle S (6)
          --span-tail S          after the last measure=1 scenario, wait at most S s for storage to be idle (600)
          --table-db DIR         Azurite's table --location: read its database's size after setup, after the measured span and at the end
          --out DIR              reports folder (artifacts/load/<time>)
        """;

    public static async Task<int> RunAsync(Args args, ConsoleProgress console, CancellationToken cancellationToken)
    {
        var spec = Common.Spec(args);
        var schedule = Common.Schedule(args);
        var url = new Uri(args.String("url", "http://127.0.0.1:5000").TrimEnd('/') + "/");
        var apiKey = args.String("api-key") ?? Environment.GetEnvironmentVariable("CXMPUTE_API_KEY") ?? "dev-key-change-me";
        var scenarios = Scenarios(args);
        var repeat = args.Int("repeat", 1);
        var skipSetup = args.Flag("skip-setup");
        var reconcile = !args.Flag("no-reconcile");
        var metrics = args.String("metrics");
        var siloPid = args.String("silo-pid") is { } pid ? int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
        var gatewayPort = args.Int("gateway-port", 30000);
        var storage = args.String("storage-connection") ?? Environment.GetEnvironmentVariable("CXMPUTE_STORAGE_CONNECTION");
        var clusterId = args.String("cluster-id", "cxmpute");
        var serviceId = args.String("service-id", "cxmpute-rewards");
        var membership = args.String("membership-table", "cxmembership");
        var setupConcurrency = args.Int("setup-concurrency", 64);
        var reconcileConcurrency = args.Int("reconcile-concurrency", 32);
        var timeout = TimeSpan.FromSeconds(args.Double("timeout", 120));
        var settings = new LoadSettings(SettleSeconds: args.Double("settle", 6));
        var measuring = new Measuring(TimeSpan.FromSeconds(args.Double("span-tail", 600)), args.String("table-db"));
        var linger = TimeSpan.FromMilliseconds(args.Double("linger", 5));
        var output = args.String("out") ?? Path.Combine("artifacts", "load", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
        args.EnsureAllUsed();

        var population = new LoadPopulation(spec, schedule);
        var usesHttp = scenarios.Any(s => s.Mode != "orleans");
        var connections = Math.Max(reconcileConcurrency, Math.Max(setupConcurrency, scenarios.Max(s => s.Connections)));
        using var client = HttpLedgerTarget.CreateClient(url, apiKey, connections, timeout);
        await using var http = new HttpLedgerTarget(client, batch: true, ownsClient: false);
        await using var single = new HttpLedgerTarget(client, batch: false, ownsClient: false);
        await using var publisher = scenarios.Any(s => s.Mode == "http-publisher")
            ? new PublisherLedgerTarget(http, new Cxmpute.Client.AwardPublisherOptions { Linger = linger })
            : null;
        OrleansLedgerTarget? orleans = null;
        if (scenarios.Any(s => s.Mode == "orleans"))
        {
            console.Log($"connecting an Orleans client ({(string.IsNullOrWhiteSpace(storage) ? $"localhost gateway {gatewayPort}" : "Azure Table membership")})...");
            orleans = await OrleansClientHost.ConnectAsync(storage, gatewayPort, clusterId, serviceId, membership, cancellationToken);
        }

        try
        {
            ILedgerTarget admin = usesHttp || orleans is null ? http : orleans;
            using var probe = metrics == "none" ? null : new PrometheusProbe(new Uri(metrics ?? new Uri(url, "metrics").ToString()), siloPid);
            var report = await ExecuteAsync(console, population, admin, scenarios, mode => mode switch
            {
                "http" => single,
                "http-batch" => http,
                "http-publisher" => publisher!,
                _ => orleans!,
            }, probe, repeat, skipSetup, reconcile, setupConcurrency, reconcileConcurrency, settings, cancellationToken, measuring: measuring);
            var target = string.Join("; ", scenarios.Select(s => s.Mode).Distinct().Select(m => m switch { "orleans" => orleans!.Describe, "http" => single.Describe, "http-publisher" => publisher!.Describe, _ => http.Describe }));
            report = report with { Target = target };
            return Finish(report, output, console);
        }
        finally
        {
            if (orleans is not null)
            {
                await orleans.DisposeAsync();
            }
        }
    }

    /// <summary>The common core of <c>run</c> and <c>inproc</c>: setup, scenarios with repetitions, reconciliation.</summary>
    public static async Task<RunReport> ExecuteAsync(
        ConsoleProgress console, LoadPopulation population, ILedgerTarget admin, IReadOnlyList<ScenarioSpec> scenarios, Func<string, ILedgerTarget> targetFor,
        IServerProbe? probe, int repeat, bool skipSetup, bool reconcile, int setupConcurrency, int reconcileConcurrency, LoadSettings settings,
        CancellationToken cancellationToken, Func<ScenarioSpec, int, Func<Task<ScenarioResult>>, Task<ScenarioResult>>? around = null, Measuring? measuring = null)
    {
        measuring ??= new Measuring(TimeSpan.FromSeconds(600), null);
        var started = DateTimeOffset.UtcNow;
        var machine = MachineInfo.Current();
        double? setupSeconds = null;
        if (!skipSetup)
        {
            console.Log($"setting up the population through {admin.Describe}...");
            setupSeconds = (await new PopulationSetup(admin, population, setupConcurrency, console.Log).RunAsync(cancellationToken)).TotalSeconds;
        }

        var footprint = new List<FootprintPoint>();
        await measuring.FootprintAsync(console, probe, settings, "after the population setup", 0, footprint, cancellationToken);
        var lastMeasured = scenarios.ToList().FindLastIndex(s => s.Measured);
        StorageSpan? span = null;
        var capacity = scenarios.Sum(s => s.Awards * (s.Repeat ?? repeat));
        var acks = new AckTracker(capacity);
        var prefix = Common.AwardPrefix(population.Spec.Tag);
        var runs = new List<ScenarioResult>();
        var series = new List<SeriesPoint>();
        var medians = new List<ScenarioMedian>();
        long offset = 0;
        var unresolved = new List<long>();
        ScenarioMedian? previous = null;
        for (var index = 0; index < scenarios.Count; index++)
        {
            var scenario = scenarios[index];
            var current = scenario;
            if (scenario.HalfOfPrevious)
            {
                var rate = previous is null ? throw new ArgumentException("rate=half needs a scenario before it") : Math.Max(1, previous.AwardsPerSecond / 2);
                current = scenario.WithRate(Math.Round(rate));
                current = current with { Label = current.Label.Replace("rate=half", $"rate={current.Rate:0}/s (half)", StringComparison.Ordinal) };
            }

            var group = new List<ScenarioResult>();
            var runsOfScenario = scenario.Repeat ?? repeat;
            for (var rep = 1; rep <= runsOfScenario; rep++)
            {
                var driver = new LoadDriver(targetFor(current.Mode), population, prefix, acks, probe, settings, console.Progress, console.Log);
                console.Log($"scenario {current.Label}, run {rep} of {runsOfScenario}: {(current.OpenLoop ? $"open loop at {current.Rate:N0} awards/s" : $"closed loop, {current.Connections} connections")}, batch {current.Batch}, up to {current.Duration.TotalSeconds:N0} s / {current.Awards:N0} awards");
                var first = offset;
                var runOnce = () => driver.RunAsync(current, runsOfScenario > 1 ? rep : 0, first, cancellationToken);
                var result = around is null ? await runOnce() : await around(current, rep, runOnce);
                offset += result.Sent;
                unresolved.AddRange(driver.UnresolvedIndexes);
                group.Add(result);
                series.AddRange(driver.Series);
                console.Log(FormattableString.Invariant(
                    $"  {result.Acked:N0} awards in {result.Seconds:F1} s = {result.AwardsPerSecond:N0}/s; p50 {result.P50Ms:F1} p90 {result.P90Ms:F1} p99 {result.P99Ms:F1} max {result.MaxMs:F1} ms; errors {result.ErrorsByStatus.Values.Sum():N0}; at the server p50 {result.ServerP50Ms?.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) ?? "–"} p99 {result.ServerP99Ms?.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) ?? "–"} ms; storage ops/award {result.StorageOperationsPerAward?.ToString("F3", System.Globalization.CultureInfo.InvariantCulture) ?? "–"} (settled {result.StorageOperationsPerAwardSettled?.ToString("F3", System.Globalization.CultureInfo.InvariantCulture) ?? "–"})"));
            }

            runs.AddRange(group);
            previous = ScenarioMedian.Of(current.Label, group);
            medians.Add(previous);
            if (index == lastMeasured && probe is not null)
            {
                span = await measuring.SpanAsync(console, probe, settings, runs.Where(r => r.Measured).ToList(), cancellationToken);
                await measuring.FootprintAsync(console, probe, settings, "after the measured runs", runs.Sum(r => r.Acked), footprint, cancellationToken, idleAlready: true);
            }
        }

        if (lastMeasured < scenarios.Count - 1 || lastMeasured < 0)
        {
            await measuring.FootprintAsync(console, probe, settings, "after every run", runs.Sum(r => r.Acked), footprint, cancellationToken);
        }

        long stillUnresolved = 0;
        if (unresolved.Count > 0)
        {
            stillUnresolved = await ResolveAsync(console, admin, population, prefix, acks, unresolved, cancellationToken);
        }

        ReconciliationResult? reconciliation = null;
        if (reconcile)
        {
            console.Log($"reconciling {population.Accounts:N0} accounts through {admin.Describe}...");
            var expected = new ExpectedLedger(population);
            expected.AddDirectBonuses();
            foreach (var index in acks.Marked())
            {
                expected.AddAward(index);
            }

            reconciliation = await new Reconciler(admin, population, reconcileConcurrency, console.Log).RunAsync(expected, cancellationToken);
        }

        return new RunReport
        {
            StartedAt = started,
            Machine = machine,
            Target = admin.Describe,
            Probe = probe?.Describe,
            Population = Common.Describe(population),
            SetupSeconds = setupSeconds,
            Runs = runs,
            Medians = medians,
            Reconciliation = reconciliation,
            Series = series,
            UnresolvedAfterResolution = stillUnresolved,
            Span = span,
            Footprint = footprint.Count > 0 ? footprint : null,
        };
    }

    /// <summary>
    /// Sends every award whose outcome a run left unknown again, with the same id and body, until the ledger answers it
    /// (a replay is acknowledged as a duplicate, a lost one is committed now): the acknowledged set must be exact before
    /// reconciling. Gives up after 15 minutes; returns how many are still unknown.
    /// </summary>
    private static async Task<long> ResolveAsync(ConsoleProgress console, ILedgerTarget target, LoadPopulation population, string prefix, AckTracker acks,
        List<long> indexes, CancellationToken cancellationToken)
    {
        console.Log($"resolving {indexes.Count:N0} awards whose outcome is unknown (same ids)...");
        var deadline = DateTime.UtcNow.AddMinutes(15);
        var pending = indexes.Where(i => !acks.IsMarked(i)).Distinct().ToList();
        for (var round = 1; pending.Count > 0 && DateTime.UtcNow < deadline; round++)
        {
            var next = new System.Collections.Concurrent.ConcurrentBag<long>();
            await Parallel.ForEachAsync(pending.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (chunk, ct) =>
            {
                var awards = chunk.Select(i => AwardWire.From(population, prefix, i)).ToArray();
                var statuses = new int[awards.Length];
                await target.SubmitAsync(awards, statuses, ct);
                for (var i = 0; i < awards.Length; i++)
                {
                    if (statuses[i] == Status.Ok)
                    {
                        acks.Mark(awards[i].Index);
                    }
                    else if (Status.IsRetryable(statuses[i]))
                    {
                        next.Add(awards[i].Index);
                    }
                }
            });
            pending = [.. next];
            console.Log($"  round {round}: {pending.Count:N0} still unknown");
            if (pending.Count > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, 2 * round)), cancellationToken);
            }
        }

        return pending.Count;
    }

    public static int Finish(RunReport report, string output, ConsoleProgress console)
    {
        var (json, markdown, svg) = ReportWriter.Write(report, output);
        Console.Out.Write(ReportWriter.Markdown(report));
        console.Log($"wrote {json}, {markdown} and {svg}");
        if (report.Reconciliation is { Exact: false })
        {
            console.Log("RECONCILIATION FAILED: the ledger does not hold what the acknowledged awards add up to.");
            return 3;
        }

        return report.UnresolvedAfterResolution > 0 ? 2 : 0;
    }

    private static List<ScenarioSpec> Scenarios(Args args)
    {
        var durationText = args.String("duration");
        var awardsText = args.String("awards");
        var duration = durationText is not null ? TimeSpan.FromSeconds(double.Parse(durationText, System.Globalization.CultureInfo.InvariantCulture))
            : awardsText is not null ? TimeSpan.FromDays(1) : TimeSpan.FromSeconds(30);
        var awards = awardsText is not null ? long.Parse(awardsText.Replace("_", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
        var specs = args.All("scenario");
        var mode = args.String("mode", "http-batch");
        var connections = args.String("connections");
        var batch = args.String("batch");
        var rate = args.String("rate");
        if (specs.Count > 0)
        {
            return [.. specs.Select(s => ScenarioSpec.Parse(s, duration, awards))];
        }

        var text = mode + (connections is null ? "" : $":conn={connections}") + (batch is null ? "" : $":batch={batch}") + (rate is null ? "" : $":rate={rate}");
        return [ScenarioSpec.Parse(text, duration, awards)];
    }
}
