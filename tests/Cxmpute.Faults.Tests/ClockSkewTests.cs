using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Cxmpute.Faults.Tests.Infrastructure;
using Cxmpute.Testing;
using Cxmpute.Testing.Cluster;
using Xunit.Abstractions;

namespace Cxmpute.Faults.Tests;

/// <summary>
/// Two silos whose ledger clocks disagree: silo 2 runs <c>Ledger:ClockOffset</c> ahead, far enough that its clock is already
/// on the next UTC day. Awards whose <c>occurredAt</c> lies within a second of the last UTC midnight (either side) go in while
/// both silos run, then with only the skewed silo (silo 1 stopped), then with only silo 1 (silo 2 stopped); every earlier award
/// is replayed at each step. Rule award-day: an award counts on the UTC day of its <c>occurredAt</c>, so each account's per-day
/// totals must be exactly what the awards' own days imply, whichever silo's clock journaled them; replays are duplicates with the
/// same credits; every award is credited once; the audit passes.
/// </summary>
public sealed class ClockSkewTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int AwardsPerPhase = 60;
    private static readonly TimeSpan[] AroundMidnight =
        [TimeSpan.FromSeconds(-1), TimeSpan.FromMilliseconds(-1), TimeSpan.Zero, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1)];

    [Fact]
    public async Task Awards_near_midnight_land_on_the_day_of_their_timestamp_once_whichever_skewed_silo_journals_them()
    {
        var report = new FaultReport("clock-skew");
        var wall = Stopwatch.StartNew();
        var run = "c" + Guid.NewGuid().ToString("N")[..6];
        var now = DateTimeOffset.UtcNow;
        var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        if (now - midnight < TimeSpan.FromMinutes(2))
        {
            midnight = midnight.AddDays(-1); // keep every timestamp in the past for every clock
        }

        // silo 2's ledger clock: one hour into the next UTC day (e.g. +11 h at 13:00)
        var skew = TimeSpan.FromMinutes(Math.Ceiling((midnight.AddDays(1) - now + TimeSpan.FromHours(1)).TotalMinutes));
        var skewText = skew.ToString("c", CultureInfo.InvariantCulture);
        await using var fc = await FaultCluster.StartAsync(azurite.ConnectionString, "clock-skew", 1, output);
        var api = fc.Api;
        var workload = new Workload(run);
        var deadline = DateTime.UtcNow.AddMinutes(8);

        // Referrals first, while only silo 1 (true clock) runs: direct bonuses are dated by the referral journal's clock.
        await workload.SetUpAsync(api, deadline);
        var setUpDay = DateOnly.FromDateTime(DateTime.UtcNow);
        var skewed = fc.Cluster.StartSilo(new Dictionary<string, string> { ["Ledger__ClockOffset"] = skewText });
        await skewed.WaitReadyAsync(fc.Cluster.Silos[1].HttpUrl, TimeSpan.FromSeconds(180));
        fc.Log($"silo 2 joined with Ledger:ClockOffset {skewText} (its clock: {DateTimeOffset.UtcNow + skew:yyyy-MM-dd HH:mm}); awards stamped around {midnight:yyyy-MM-dd HH:mm:ss}");

        var occurredAt = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var replays = 0;

        // --- phase A: both silos ---
        await PostAsync(api, workload, 0, AwardsPerPhase, midnight, occurredAt, deadline);
        fc.Log($"phase A (both silos): {workload.Acks.Count} awards acknowledged");

        // --- phase B: silo 1 stopped, only the skewed silo journals ---
        var silo1 = fc.Cluster.SiloProcesses[0];
        await silo1.StopAsync("TERM", TimeSpan.FromSeconds(90));
        fc.Log("silo 1 (true clock) stopped: only the skewed silo is left");
        replays += await ReplayAsync(api, workload, 0, AwardsPerPhase, deadline);
        await PostAsync(api, workload, AwardsPerPhase, AwardsPerPhase, midnight, occurredAt, deadline);
        var undated = await api.AwardAsync(UndatedAward(run), deadline); // observation: no occurredAt, dated by the skewed clock
        fc.Log($"phase B (skewed silo only): {workload.Acks.Count} awards acknowledged, {replays} replays answered duplicate");

        // --- phase C: silo 1 back, silo 2 stopped, only the true clock journals ---
        fc.Cluster.RestartSilo(0);
        await fc.Cluster.SiloProcesses[0].WaitReadyAsync(fc.Cluster.Silos[0].HttpUrl, TimeSpan.FromSeconds(180));
        await skewed.StopAsync("TERM", TimeSpan.FromSeconds(90));
        fc.Log("silo 1 started again, silo 2 (skewed) stopped");
        replays += await ReplayAsync(api, workload, 0, 2 * AwardsPerPhase, deadline);
        await PostAsync(api, workload, 2 * AwardsPerPhase, AwardsPerPhase, midnight, occurredAt, deadline);
        fc.Log($"phase C (true clock only): {workload.Acks.Count} awards acknowledged, {replays} replays answered duplicate");

        // --- per-day totals: each credit on the UTC day of its award's occurredAt (direct bonuses: the day they were applied) ---
        var expectedByDay = new Dictionary<(string Account, DateOnly Day), decimal>();
        foreach (var credit in workload.ExpectedCredits())
        {
            var day = occurredAt.TryGetValue(credit.AwardId, out var at) ? DateOnly.FromDateTime(at.UtcDateTime) : setUpDay;
            expectedByDay[(credit.AccountId, day)] = expectedByDay.GetValueOrDefault((credit.AccountId, day)) + credit.Amount;
        }

        var dayMismatches = new List<string>();
        foreach (var account in workload.Accounts)
        {
            using var stats = await api.StatsAsync(account, deadline);
            var observed = stats.RootElement.GetProperty("history").EnumerateArray()
                .Select(h => (Day: DateOnly.ParseExact(h.GetProperty("day").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture), Total: h.GetProperty("total").GetDecimal()))
                .Where(h => h.Total != 0)
                .ToDictionary(h => h.Day, h => h.Total);
            var expected = expectedByDay.Where(e => e.Key.Account == account).ToDictionary(e => e.Key.Day, e => e.Value);
            foreach (var day in observed.Keys.Union(expected.Keys))
            {
                if (observed.GetValueOrDefault(day) != expected.GetValueOrDefault(day))
                {
                    dayMismatches.Add($"{account} {day:yyyy-MM-dd}: history total {observed.GetValueOrDefault(day)}, expected {expected.GetValueOrDefault(day)}");
                }
            }
        }

        // --- the skew was in effect: phase B's entries carry the skewed silo's entry time (history "at") ---
        var phaseB = Enumerable.Range(AwardsPerPhase, AwardsPerPhase).Select(workload.AwardId).ToHashSet(StringComparer.Ordinal);
        var entryTimesB = new List<DateTimeOffset>();
        foreach (var user in workload.Users.Take(3))
        {
            using var history = await api.GetJsonAsync($"/api/user/{user}/rewards?limit=1000", deadline);
            entryTimesB.AddRange(history.RootElement.GetProperty("entries").EnumerateArray()
                .Where(e => phaseB.Contains(e.GetProperty("awardId").GetString()!))
                .Select(e => e.GetProperty("at").GetDateTimeOffset()));
        }

        var skewedEntries = entryTimesB.Count(t => t > DateTimeOffset.UtcNow + skew / 2);
        fc.Log($"phase B entries read: {entryTimesB.Count}, {skewedEntries} with the skewed entry time (earliest {(entryTimesB.Count == 0 ? "none" : entryTimesB.Min().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))})");

        // --- observation: the award without occurredAt, journaled by the skewed silo ---
        var undatedAccount = undated.Credits[0].AccountId;
        using var undatedStats = await api.StatsAsync(undatedAccount, deadline);
        var undatedDay = undatedStats.RootElement.GetProperty("history").EnumerateArray()
            .Where(h => h.GetProperty("total").GetDecimal() != 0).Select(h => h.GetProperty("day").GetString()).FirstOrDefault();
        var undatedLifetime = undatedStats.RootElement.GetProperty("lifetime").GetProperty("total").GetDecimal();
        var undatedWhere = undatedDay ?? $"{DateTimeOffset.UtcNow + skew:yyyy-MM-dd} (the skewed silo's day: absent from the 30-day history read on the true clock, lifetime total {undatedLifetime})";

        var comparison = await LedgerCheck.CompareAsync(api, workload, deadline);
        fc.Log($"{comparison.Accounts} accounts, {comparison.ExpectedCredits} credits: lost {comparison.Lost}, doubled {comparison.Doubled}, total mismatches {comparison.TotalMismatches}; day mismatches {dayMismatches.Count}");
        var audit = await LedgerCheck.AuditAsync(azurite.ConnectionString, fc.Cluster);
        fc.Log($"audit exit code {audit.ExitCode}");

        report.Faults[$"silo ledger clock {(skew >= TimeSpan.Zero ? "+" : "")}{skew.TotalHours:0.0} h (next UTC day)"] = 1;
        report.Faults["graceful silo stop (grains move between skewed and true clocks)"] = 2;
        report.AwardsAcknowledged = workload.Acks.Count;
        report.AwardsLost = comparison.Lost;
        report.DoubleCredits = comparison.Doubled;
        report.TotalMismatches = comparison.TotalMismatches;
        report.AuditExitCode = audit.ExitCode;
        report.Details["skew"] = skewText;
        report.Details["awardsStampedAround"] = midnight.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        report.Details["replaysAnsweredDuplicate"] = replays;
        report.Details["dayMismatches"] = dayMismatches.Count;
        report.Details["phaseBEntriesWithSkewedEntryTime"] = $"{skewedEntries} of {entryTimesB.Count}";
        report.Details["awardWithoutOccurredAtOnSkewedSiloLandedOn"] = undatedWhere;
        report.Details["trueUtcDay"] = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        report.Notes.Add(
            "an award without occurredAt is dated by the clock of the silo whose journal commits it (AwardJournalGrain: OccurredAt ?? now), "
            + $"so on the skewed silo it landed on {undatedWhere}; awards that carry occurredAt land on its day whatever the silo clock.");
        report.DurationSeconds = wall.Elapsed.TotalSeconds;
        report.Write(output);

        Assert.True(entryTimesB.Count > 0 && skewedEntries == entryTimesB.Count, $"phase B awards should carry the skewed silo's entry time: {skewedEntries} of {entryTimesB.Count}");
        Assert.True(dayMismatches.Count == 0, "per-day totals differ from the awards' own days:\n" + string.Join("\n", dayMismatches.Take(20)));
        Assert.Equal(AwardsPerPhase * 3, replays);
        Assert.True(comparison.Exact, $"lost {comparison.Lost}, doubled {comparison.Doubled}, lifetime totals wrong {comparison.TotalMismatches}: {string.Join("; ", comparison.Problems)}");
        Assert.True(audit.Passed, $"the audit exited with {audit.ExitCode}:\n{audit.Output}");
        fc.Passed();
    }

    private static async Task PostAsync(
        LedgerHttp api, Workload workload, int from, int count, DateTimeOffset midnight, ConcurrentDictionary<string, DateTimeOffset> occurredAt, DateTime deadline)
    {
        var queue = new ConcurrentQueue<int>(Enumerable.Range(from, count));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var i))
            {
                var at = midnight + AroundMidnight[i % AroundMidnight.Length];
                occurredAt[workload.AwardId(i)] = at;
                workload.Record(await api.AwardAsync(workload.Body(i, at), deadline));
            }
        })));
    }

    /// <summary>Sends awards again with their first body: each must be a duplicate with the credits first acknowledged.</summary>
    private static async Task<int> ReplayAsync(LedgerHttp api, Workload workload, int from, int count, DateTime deadline)
    {
        var replays = 0;
        foreach (var i in Enumerable.Range(from, count))
        {
            var ack = await api.AwardAsync(workload.SentBodies[workload.AwardId(i)], deadline);
            Assert.True(ack.Duplicate, $"award {ack.AwardId} replayed should be a duplicate");
            workload.Record(ack); // same credits as first acknowledged
            replays++;
        }

        return replays;
    }

    private static string UndatedAward(string run) =>
        $$"""{"awardId": "{{run}}-undated", "service": "scrape", "userId": "usr_{{run}}undated"}""";
}
