using System.Diagnostics;
using System.Globalization;
using Cxmpute.Testing;
using Cxmpute.Testing.Cluster;
using Xunit.Abstractions;

namespace Cxmpute.Cluster.Tests;

/// <summary>
/// A silo stopped gracefully (SIGTERM) after load: it exits within 10 s, logs no exception, and leaves no journal with
/// commits to replay, because each journal has its accounts persist before the silo deactivates them.
/// </summary>
public sealed class GracefulStopTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const string ApiKey = "graceful-stop-test-key-0c4e1f2a9b";
    private const int Users = 60;
    private const int Awards = 1200;

    [Fact]
    public async Task A_silo_stopped_after_load_exits_within_ten_seconds_logs_no_exception_and_leaves_nothing_to_replay()
    {
        var logs = Path.Combine(RepoPaths.Root, "artifacts", "cluster-tests", "graceful-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        var cluster = new LocalCluster(azurite.ConnectionString, ApiKey, logs);
        try
        {
            await RunAsync(cluster);
        }
        catch
        {
            foreach (var process in cluster.Processes)
            {
                output.WriteLine(process.Tail(60));
            }

            throw;
        }
        finally
        {
            await cluster.DisposeAsync();
        }

        Directory.Delete(logs, recursive: true);
    }

    private async Task RunAsync(LocalCluster cluster)
    {
        var silo = cluster.StartSilo();
        cluster.StartFrontEnd();
        await silo.WaitReadyAsync(cluster.Silos[0].HttpUrl, TimeSpan.FromSeconds(90));
        await cluster.FrontEnd!.WaitReadyAsync(cluster.FrontEndUrl, TimeSpan.FromSeconds(90));
        using var http = new LedgerHttp(cluster.FrontEndUrl, ApiKey);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        var users = Enumerable.Range(0, Users).Select(i => $"usr_gs{i:D3}").ToArray();
        await http.RegisterUserAsync(users[0], deadline);
        for (var i = 1; i < users.Length; i++)
        {
            await http.ApplyReferralAsync(users[i], users[(i - 1) / 2], deadline);
        }

        // Awards from 16 callers; every account ends with commits it has applied but not yet persisted.
        var expected = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var queue = new System.Collections.Concurrent.ConcurrentQueue<int>(Enumerable.Range(0, Awards));
        var acks = new System.Collections.Concurrent.ConcurrentBag<AwardAck>();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var n))
            {
                var body = $$"""{"awardId":"gs-{{n}}","service":"chat","userId":"{{users[n % Users]}}","tokens":{{n % 500}}}""";
                acks.Add(await http.AwardAsync(body, deadline));
            }
        })));
        foreach (var credit in acks.SelectMany(a => a.Credits))
        {
            expected[credit.AccountId] = expected.GetValueOrDefault(credit.AccountId) + credit.Amount;
        }

        var stopping = Stopwatch.StartNew();
        await silo.StopAsync("TERM", TimeSpan.FromSeconds(10));
        output.WriteLine($"silo stopped in {stopping.Elapsed.TotalSeconds:F1} s");
        var stopped = silo.Output;
        Assert.DoesNotContain("Exception", stopped, StringComparison.Ordinal);
        Assert.Matches(@"Drained (\d+) of \1 journals", stopped);

        var restarted = cluster.RestartSilo(0);
        await restarted.WaitReadyAsync(cluster.Silos[0].HttpUrl, TimeSpan.FromSeconds(90));
        foreach (var user in users)
        {
            var total = await http.LifetimeTotalAsync(user, deadline);
            var bonuses = 25m * users.Count(u => Array.IndexOf(users, u) > 0 && users[(Array.IndexOf(users, u) - 1) / 2] == user);
            Assert.Equal(expected.GetValueOrDefault(user) + bonuses, total);
        }

        // Every journal is active again (the reads above catch up from all of them): none found commits to replay.
        Assert.DoesNotContain("recovers", restarted.Output, StringComparison.Ordinal);
    }
}
