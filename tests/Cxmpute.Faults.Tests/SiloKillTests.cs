using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Cxmpute.Faults.Tests.Infrastructure;
using Cxmpute.Testing;
using Xunit.Abstractions;

namespace Cxmpute.Faults.Tests;

/// <summary>
/// Three silos and a front end on Azurite under steady award load; every 15 s (<c>CXMPUTE_FAULT_KILL_INTERVAL</c>) a random
/// ready silo is killed with SIGKILL and started again, for <c>CXMPUTE_FAULT_MINUTES</c> (0.75 in ./test.sh: three kills; 3 in
/// the long run: twelve kills), then 30 s more of load. Pacing (<c>CXMPUTE_FAULT_KILL_PACING</c>): ./test.sh waits until the cluster has recovered
/// before the next kill (one failure at a time); the long run kills on the clock, whatever the cluster's state. The driver
/// retries every unacknowledged award with the same id until acknowledged. Time to recover, per kill: from the kill to the end
/// of the longest stretch without any acknowledgement before the next kill. A cluster that acknowledges nothing for 120 s
/// fails the scenario at once (stalled). Afterwards: every acknowledged award's credits are in the ledger exactly once
/// (lifetime totals and histories, decimal exact), replays are duplicates with the same credits, and the audit passes.
/// </summary>
public sealed class SiloKillTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int Workers = 8;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Silos_killed_every_15_s_under_load_lose_no_acknowledged_award_and_credit_none_twice()
    {
        var report = new FaultReport("silo-kills");
        var wall = Stopwatch.StartNew();
        var run = "k" + Guid.NewGuid().ToString("N")[..6];
        await using var fc = await FaultCluster.StartAsync(azurite.ConnectionString, "silo-kills", 3, output);
        var api = fc.Api;
        var workload = new Workload(run);
        var duration = TimeSpan.FromMinutes(FaultSettings.Minutes);
        var interval = TimeSpan.FromSeconds(FaultSettings.KillIntervalSeconds);
        var fixedPacing = FaultSettings.FixedPacing;
        var deadline = DateTime.UtcNow + duration + TimeSpan.FromMinutes(10); // retries go on until acknowledged; a stall ends the scenario first
        await workload.SetUpAsync(api, deadline);
        fc.Log("accounts and referral chains set up");

        // --- steady load: each worker posts new awards, each retried with its id until acknowledged ---
        var next = -1;
        var acknowledgedAfterFailure = 0;
        var stopNew = false;
        var perSecond = new int[(int)duration.TotalSeconds + 1200];
        var ackTimes = new ConcurrentQueue<double>();
        var unacknowledged = new ConcurrentBag<string>();
        long lastAckTicks = fc.Clock.Elapsed.Ticks;
        using var abort = new CancellationTokenSource();
        var load = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (!Volatile.Read(ref stopNew))
            {
                var i = Interlocked.Increment(ref next);
                try
                {
                    var (ack, failures) = await api.AwardCountingAsync(workload.Body(i, DateTimeOffset.UtcNow.AddSeconds(-30)), deadline, abort.Token);
                    workload.Record(ack);
                    if (failures > 0)
                    {
                        Interlocked.Increment(ref acknowledgedAfterFailure);
                    }
                }
                catch (OperationCanceledException) when (abort.IsCancellationRequested)
                {
                    unacknowledged.Add(workload.AwardId(i));
                    return;
                }

                var now = fc.Clock.Elapsed;
                Interlocked.Exchange(ref lastAckTicks, now.Ticks);
                Interlocked.Increment(ref perSecond[Math.Min(perSecond.Length - 1, (int)now.TotalSeconds)]);
                ackTimes.Enqueue(now.TotalSeconds);
            }
        })).ToArray();

        TimeSpan SinceLastAck() => fc.Clock.Elapsed - TimeSpan.FromTicks(Interlocked.Read(ref lastAckTicks));
        bool Flowing() => Enumerable.Range(1, 5).All(k => Volatile.Read(ref perSecond[(int)fc.Clock.Elapsed.TotalSeconds - k]) > 0);
        string? stalled = null;

        // Waits until the condition holds; false (and stalled set) when nothing was acknowledged for StallLimit meanwhile.
        async Task<bool> WaitAsync(Func<bool> condition, string what)
        {
            while (!condition())
            {
                if (SinceLastAck() > StallLimit)
                {
                    stalled = $"no award acknowledged for {SinceLastAck().TotalSeconds:0} s (since {(fc.Clock.Elapsed - SinceLastAck()).TotalSeconds:0.0} s) while {what}";
                    return false;
                }

                await Task.Delay(250);
            }

            return true;
        }

        // --- faults: SIGKILL a random ready silo every interval, start it again at once ---
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var ready = fc.Cluster.SiloProcesses.Select(_ => Task.CompletedTask).ToArray();
        var restartSeconds = new List<double>();
        var faultsFrom = fc.Clock.Elapsed;
        var lastKill = faultsFrom;
        var killTimes = new List<double>();
        var skipped = 0;
        fc.Log($"faults for {duration.TotalSeconds:0} s, a kill every {interval.TotalSeconds:0} s, pacing {(fixedPacing ? "fixed" : "after recovery")} (random seed {seed})");
        while (stalled is null && lastKill + interval - faultsFrom <= duration + TimeSpan.FromSeconds(1))
        {
            var due = lastKill + interval;
            if (!await WaitAsync(() => fc.Clock.Elapsed >= due, "waiting for the next kill")
                || (!fixedPacing && !await WaitAsync(() => ready.All(r => r.IsCompleted) && Flowing(), "waiting for the cluster to recover before the next kill")))
            {
                break;
            }

            var candidates = Enumerable.Range(0, ready.Length).Where(i => ready[i].IsCompletedSuccessfully && !fc.Cluster.SiloProcesses[i].HasExited).ToList();
            lastKill = fc.Clock.Elapsed;
            if (candidates.Count == 0)
            {
                skipped++;
                fc.Log("no ready silo to kill (all restarting): kill skipped");
                continue;
            }

            var index = candidates[random.Next(candidates.Count)];
            var victim = fc.Cluster.SiloProcesses[index];
            victim.KillTree();
            killTimes.Add(fc.Clock.Elapsed.TotalSeconds);
            var restarted = fc.Cluster.RestartSilo(index);
            var url = fc.Cluster.Silos[index].HttpUrl;
            var started = fc.Clock.Elapsed;
            fc.Log($"SIGKILL {victim.Name} (pid {victim.Pid}); started {restarted.Name}; {workload.Acks.Count} awards acknowledged so far");
            ready[index] = Task.Run(async () =>
            {
                await restarted.WaitReadyAsync(url, TimeSpan.FromSeconds(180));
                lock (restartSeconds)
                {
                    restartSeconds.Add((fc.Clock.Elapsed - started).TotalSeconds);
                }
            });
        }

        // --- 30 s more of load (the last kill's recovery is measured too), then the awards in flight are acknowledged ---
        var faultsEnd = fc.Clock.Elapsed;
        if (stalled is null)
        {
            await WaitAsync(() => fc.Clock.Elapsed >= faultsEnd + Settle, "the load went on after the last kill");
        }

        var observedEnd = fc.Clock.Elapsed.TotalSeconds;
        Volatile.Write(ref stopNew, true);
        if (stalled is null)
        {
            await WaitAsync(() => load.All(t => t.IsCompleted), "the awards in flight were retried after the load stopped");
        }

        if (stalled is not null)
        {
            await abort.CancelAsync();
        }

        await Task.WhenAll(load);
        fc.Log($"load stopped: {workload.Acks.Count} awards acknowledged, {acknowledgedAfterFailure} of them after failed attempts; failed attempts {Describe(api.Failures)}{(stalled is null ? "" : "; STALLED: " + stalled)}");

        // --- per kill: the longest stretch without any acknowledgement, from the kill to the next kill (or the end of the settle) ---
        var times = ackTimes.Order().ToArray();
        var stalls = new List<(double Stall, double Recovered)>();
        for (var k = 0; k < killTimes.Count; k++)
        {
            var start = killTimes[k];
            var end = k + 1 < killTimes.Count ? killTimes[k + 1] : observedEnd;
            var previous = start;
            var (longest, resumedAt) = (0.0, start);
            foreach (var t in times.Where(t => t > start && t <= end).Append(end))
            {
                if (t - previous > longest)
                {
                    (longest, resumedAt) = (t - previous, t);
                }

                previous = t;
            }

            stalls.Add((longest, resumedAt - start));
        }

        var window = perSecond.Skip((int)faultsFrom.TotalSeconds).Take(Math.Max(1, (int)(faultsEnd - faultsFrom).TotalSeconds)).ToArray();
        report.Faults["silo SIGKILL + restart"] = killTimes.Count;
        report.AwardsAcknowledged = workload.Acks.Count;
        report.TimeToRecoverSeconds.AddRange(stalls.Select(s => s.Recovered));
        report.Details["pacing"] = fixedPacing ? "fixed" : "after recovery";
        report.Details["killIntervalSeconds"] = interval.TotalSeconds;
        report.Details["faultSeconds"] = Math.Round((faultsEnd - faultsFrom).TotalSeconds, 1);
        report.Details["longestStallAfterEachKillSeconds"] = string.Join(", ", stalls.Select(s => s.Stall.ToString("0.0", CultureInfo.InvariantCulture)));
        report.Details["killsSkippedNoReadySilo"] = skipped;
        report.Details["randomSeed"] = seed;
        report.Details["awardsPerSecondDuringFaults"] = Math.Round(window.Sum() / (double)window.Length, 1);
        report.Details["acknowledgedAfterFailedAttempts"] = acknowledgedAfterFailure;
        report.Details["firstAcknowledgedAsDuplicate"] = workload.FirstAckWasDuplicate.Count;
        report.Details["failedAttempts"] = Describe(api.Failures);
        report.Details["siloRestartToReadySeconds"] = string.Join(", ", restartSeconds.Order().Select(s => s.ToString("0.0", CultureInfo.InvariantCulture)));
        if (stalled is not null)
        {
            // The cluster stopped acknowledging: the ledger is not compared (its reads would hang too) and the scenario fails.
            var membership = await Membership.DescribeAsync(azurite.ConnectionString, fc.Cluster);
            fc.Log("membership table at the stall:\n  " + string.Join("\n  ", membership));
            report.Details["stalled"] = stalled;
            report.Details["membershipAtStall"] = string.Join(" | ", membership);
            report.Details["awardsInFlightNeverAcknowledged"] = unacknowledged.Count;
            report.Notes.Add($"STALLED: {stalled}; the ledger was not compared and the audit not run. Process logs: {fc.LogDirectory}");
            report.DurationSeconds = wall.Elapsed.TotalSeconds;
            report.Write(output);
            Assert.Fail($"the cluster stopped acknowledging awards: {stalled}; kills at {string.Join(", ", killTimes.Select(t => t.ToString("0.0", CultureInfo.InvariantCulture)))} s. Process logs: {fc.LogDirectory}");
        }

        await Task.WhenAll(ready);
        await fc.WaitAllReadyAsync();
        fc.Log("every restarted silo ready");

        // --- replays: the same body again is a duplicate with the same credits ---
        var replayed = 0;
        foreach (var i in Enumerable.Range(0, 40).Select(k => k * Math.Max(1, next / 40)).Where(i => i <= next).Distinct())
        {
            var acknowledged = workload.Acks[workload.AwardId(i)];
            var replay = await api.AwardAsync(workload.SentBodies[workload.AwardId(i)], deadline);
            Assert.True(replay.Duplicate, $"award {replay.AwardId} sent again should be a duplicate");
            Assert.Equal(acknowledged.Credits, replay.Credits);
            replayed++;
        }

        // --- the ledger against the acknowledgements, then the audit ---
        var comparison = await LedgerCheck.CompareAsync(api, workload, deadline);
        fc.Log($"{comparison.Accounts} accounts, {comparison.ExpectedCredits} credits: lost {comparison.Lost}, doubled {comparison.Doubled}, total mismatches {comparison.TotalMismatches}");
        var audit = await LedgerCheck.AuditAsync(azurite.ConnectionString, fc.Cluster);
        fc.Log($"audit exit code {audit.ExitCode}");

        report.AwardsLost = comparison.Lost;
        report.DoubleCredits = comparison.Doubled;
        report.TotalMismatches = comparison.TotalMismatches;
        report.AuditExitCode = audit.ExitCode;
        report.Details["replaysAnsweredDuplicate"] = replayed;
        report.DurationSeconds = wall.Elapsed.TotalSeconds;
        report.Write(output);

        foreach (var problem in comparison.Problems)
        {
            output.WriteLine(problem);
        }

        Assert.True(killTimes.Count >= Math.Min(2, (int)(duration / interval)), $"silos should have been killed every {interval.TotalSeconds:0} s ({killTimes.Count} kills)");
        Assert.True(comparison.Exact, $"lost {comparison.Lost}, doubled {comparison.Doubled}, lifetime totals wrong {comparison.TotalMismatches}: {string.Join("; ", comparison.Problems)}");
        Assert.True(audit.Passed, $"the audit exited with {audit.ExitCode}:\n{audit.Output}");
        fc.Passed();
    }

    private static string Describe(ConcurrentDictionary<string, int> counts) =>
        counts.IsEmpty ? "none" : string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}"));
}
