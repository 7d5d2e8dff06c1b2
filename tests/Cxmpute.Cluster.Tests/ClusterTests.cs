using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cxmpute.Cluster.Tests.Infrastructure;
using Cxmpute.Testing;
using Cxmpute.Testing.Cluster;
using Xunit.Abstractions;

namespace Cxmpute.Cluster.Tests;

/// <summary>
/// Three silo processes and a separate front end process on one machine, clustered through Azure Table membership on
/// Azurite. Awards go through the front end over HTTP; one silo is stopped gracefully and another killed while awards keep
/// coming, every award is retried with its id until acknowledged, and then every account's lifetime total and history must
/// match the acknowledged results exactly.
/// </summary>
public sealed class ClusterTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const string ApiKey = "cluster-test-key-5d0f2b9e7c14-a83f61d2e07b";
    private static readonly string[] Services = ["chat", "embeddings", "tts", "scrape"];
    private static readonly string[] Models = ["Llama3-70B", "Mixtral-8x7B", "Llama3-8B", "Phi-3-Mini", "Gemma-2B"];
    private static readonly int?[] Latencies = [800, 3000, 12000, null];

    [Fact]
    public async Task Three_silos_and_a_front_end_lose_no_acknowledged_award_when_one_silo_stops_and_another_is_killed()
    {
        var clock = Stopwatch.StartNew();
        var logs = Path.Combine(RepoPaths.Root, "artifacts", "cluster-tests", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        var cluster = new LocalCluster(azurite.ConnectionString, ApiKey, logs);
        try
        {
            await RunAsync(cluster, clock);
        }
        catch
        {
            foreach (var process in cluster.Processes)
            {
                output.WriteLine(process.Tail(60));
            }

            output.WriteLine($"Full output of every process: {logs}");
            throw;
        }
        finally
        {
            await cluster.DisposeAsync();
        }

        Directory.Delete(logs, recursive: true); // kept only when the test fails
    }

    private async Task RunAsync(LocalCluster cluster, Stopwatch clock)
    {
        // --- start: three silos and the front end, all at once (the front end waits for a gateway) ---
        for (var i = 0; i < 3; i++)
        {
            cluster.StartSilo();
        }

        cluster.StartFrontEnd();
        var startTimeout = TimeSpan.FromSeconds(120);
        await Task.WhenAll(cluster.SiloProcesses.Select((p, i) => p.WaitReadyAsync(cluster.Silos[i].HttpUrl, startTimeout)));
        await cluster.FrontEnd!.WaitReadyAsync(cluster.FrontEndUrl, startTimeout);
        Log(clock, "cluster ready");

        var active = await ClusterInspector.ActiveSilosAsync(azurite.ConnectionString, cluster);
        Assert.Equal(3, active.Count);
        Assert.Equal(
            cluster.Silos.Select(s => s.SiloPort).Order(),
            active.Select(a => int.Parse(a[(a.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture)).Order());

        using var api = new LedgerHttp(cluster.FrontEndUrl, ApiKey);
        var expected = new ConcurrentBag<Credit>();
        var run = Guid.NewGuid().ToString("N")[..8];
        var deadline = DateTime.UtcNow.AddMinutes(2);

        // --- accounts: referral chains three levels deep, so awards also credit referrers ---
        var users = Enumerable.Range(0, 12).Select(i => $"usr_c{run}u{i}").ToArray();
        var providers = Enumerable.Range(0, 6).Select(i => $"prov_c{run}p{i}").ToArray();
        await api.RegisterUserAsync(users[0], deadline);
        for (var i = 1; i < users.Length; i++)
        {
            expected.Add(await api.ApplyReferralAsync(users[i], users[Math.Min(i - 1, 3)], deadline));
        }

        foreach (var provider in providers)
        {
            await api.RegisterProviderAsync(provider, 24, deadline);
        }

        for (var i = 1; i < providers.Length; i++)
        {
            expected.Add(await api.ApplyReferralAsync(providers[i], providers[Math.Min(i - 1, 3)], deadline));
        }

        Log(clock, "accounts and referrals set up");

        // --- phase 1: awards across all three silos ---
        var occurredAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var bodies = Enumerable.Range(0, 720).Select(i => AwardBody($"c{run}-{i}", i, users, providers, occurredAt)).ToArray();
        var acks = new ConcurrentDictionary<string, AwardAck>();
        await PostAllAsync(api, bodies[..240], acks, concurrency: 8, deadline, onAcknowledged: null);
        Log(clock, $"phase 1: {acks.Count} awards acknowledged, {api.Retries} retries");

        var statistics = await ClusterInspector.GrainStatisticsAsync(azurite.ConnectionString, cluster);
        var journalsBySilo = SilosHosting(statistics, "AwardJournalGrain");
        var accountsBySilo = SilosHosting(statistics, "AccountGrain");
        Log(clock, $"award journals per silo: {Describe(journalsBySilo)}; accounts per silo: {Describe(accountsBySilo)}");
        Assert.True(journalsBySilo.Count + accountsBySilo.Count >= 4 && accountsBySilo.Count >= 2,
            $"awards should be handled on several silos; journals: {Describe(journalsBySilo)}, accounts: {Describe(accountsBySilo)}");

        // --- phase 2: keep posting; stop silo 1 gracefully after 120 more awards, kill silo 2 after 240 ---
        // Passing runs need 15-60 s here; two minutes is ample for failure detection and recovery.
        deadline = DateTime.UtcNow.AddMinutes(2);
        var phase2 = 0;
        var afterKill = 0;
        var killed = 0;
        var stopped = Task.FromResult(-1);
        var stopping = cluster.SiloProcesses[0];
        var victim = cluster.SiloProcesses[1];
        await PostAllAsync(api, bodies[240..], acks, concurrency: 12, deadline, onAcknowledged: () =>
        {
            var n = Interlocked.Increment(ref phase2);
            if (n == 120)
            {
                Log(clock, $"SIGTERM to {stopping.Name} (pid {stopping.Pid})");
                stopped = stopping.StopAsync("TERM", TimeSpan.FromSeconds(60));
            }
            else if (n == 240)
            {
                Log(clock, $"SIGKILL to {victim.Name} (pid {victim.Pid})");
                victim.KillTree();
                Volatile.Write(ref killed, 1);
            }
            else if (Volatile.Read(ref killed) == 1)
            {
                Interlocked.Increment(ref afterKill);
            }
        });
        var stopCode = await stopped;
        Log(clock, $"phase 2: {acks.Count} awards acknowledged in all, {afterKill} after the kill; {stopping.Name} exited with {stopCode}; {api.Retries} retries");
        Assert.True(stopping.HasExited && victim.HasExited);
        Assert.True(afterKill > 100, $"the front end should keep serving after the kill ({afterKill} awards acknowledged after it)");
        Assert.False(cluster.FrontEnd.HasExited);

        // --- replays after the faults: same body, same result, nothing credited twice ---
        foreach (var i in Enumerable.Range(0, 40).Select(i => i * 6))
        {
            var replay = await api.AwardAsync(bodies[i], deadline);
            Assert.True(replay.Duplicate, $"award c{run}-{i} sent again should be a duplicate");
            Assert.Equal(acks[replay.AwardId].Credits, replay.Credits);
        }

        Log(clock, "replays answered as duplicates");

        // --- nothing lost, nothing doubled ---
        Assert.Equal(bodies.Length, acks.Count);
        foreach (var ack in acks.Values)
        {
            foreach (var credit in ack.Credits)
            {
                expected.Add(credit);
            }
        }

        var byAccount = expected.GroupBy(c => c.AccountId).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(users.Length + providers.Length, byAccount.Count);
        foreach (var account in users.Concat(providers))
        {
            var credits = byAccount[account];
            var total = await api.LifetimeTotalAsync(account, deadline);
            Assert.True(credits.Sum(c => c.Amount) == total, $"{account}: lifetime.total {total}, acknowledged credits add up to {credits.Sum(c => c.Amount)}");

            var history = await api.HistoryAsync(account, deadline);
            Assert.Equal(Sorted(credits), Sorted(history));
        }

        Log(clock, $"{byAccount.Count} accounts: lifetime totals and histories match {expected.Count} acknowledged credits");
    }

    private static async Task PostAllAsync(
        LedgerHttp api, string[] bodies, ConcurrentDictionary<string, AwardAck> acks, int concurrency, DateTime deadline, Action? onAcknowledged)
    {
        var queue = new ConcurrentQueue<string>(bodies);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var body))
            {
                var ack = await api.AwardAsync(body, deadline);
                Assert.True(acks.TryAdd(ack.AwardId, ack), $"award {ack.AwardId} acknowledged twice");
                onAcknowledged?.Invoke();
            }
        })));
    }

    private static string AwardBody(string awardId, int i, string[] users, string[] providers, string occurredAt)
    {
        var withUser = i % 5 != 4;
        var withProvider = i % 7 != 3 || !withUser;
        var award = new Dictionary<string, object>
        {
            ["awardId"] = awardId,
            ["service"] = Services[i % Services.Length],
            ["tokens"] = 50 + (i * 37 % 3000),
            ["occurredAt"] = occurredAt,
        };
        if (withUser)
        {
            award["userId"] = users[i % users.Length];
        }

        if (withProvider)
        {
            award["providerId"] = providers[i % providers.Length];
            award["model"] = Models[i % Models.Length];
        }

        if (Latencies[i % Latencies.Length] is { } latency)
        {
            award["latencyMs"] = latency;
        }

        return JsonSerializer.Serialize(award);
    }

    private static Dictionary<string, int> SilosHosting(IEnumerable<SimpleGrainStatistic> statistics, string grainClass) =>
        statistics
            .Where(s => s.GrainType.Contains(grainClass, StringComparison.Ordinal) && s.ActivationCount > 0)
            .GroupBy(s => s.SiloAddress.ToString())
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));

    private static string Describe(Dictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}"));

    private static List<Credit> Sorted(IEnumerable<Credit> credits) =>
        [.. credits.OrderBy(c => c.AwardId, StringComparer.Ordinal).ThenBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.SourceAccountId, StringComparer.Ordinal)];

    private void Log(Stopwatch clock, string message) =>
        output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] {message}");
}
