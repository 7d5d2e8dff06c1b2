using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cxmpute.Client.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Cxmpute.Client.Tests.Cluster;

/// <summary>
/// The publisher, registered as a gateway would, against three silos and a front end as separate processes on Azurite: the front
/// end killed (SIGKILL) and restarted in the middle of a stream from 64 callers, and the front end stopped while callers go on
/// publishing. Every award a caller was told is credited is in the ledger exactly once, and none is lost.
/// </summary>
public sealed class FrontEndFaultTests(ClientCluster cluster, ITestOutputHelper output) : IClassFixture<ClientCluster>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [Fact]
    public async Task Every_award_published_while_the_front_end_is_killed_and_restarted_is_credited_exactly_once()
    {
        const int Callers = 64;
        const int PerCaller = 80;
        const int Total = Callers * PerCaller;
        var run = Guid.NewGuid().ToString("N")[..8];
        var users = Enumerable.Range(0, Callers).Select(k => $"usr_{run}_{k}").ToArray();
        await using var services = cluster.NewServices(p => p.RetryDeadline = TimeSpan.FromMinutes(4));
        using var meter = new PublisherMeter(services.GetRequiredService<IMeterFactory>());
        var publisher = services.GetRequiredService<AwardPublisher>();
        var results = new ConcurrentDictionary<string, AwardResult>(StringComparer.Ordinal);
        var completed = 0;
        var occurredAt = DateTimeOffset.UtcNow.AddMinutes(-1);

        var callers = Enumerable.Range(0, Callers).Select(k => Task.Run(async () =>
        {
            for (var i = 0; i < PerCaller; i++)
            {
                var award = new Award($"{run}-{k}-{i}", "chat") { UserId = users[k], Tokens = 100 + i, OccurredAt = occurredAt };
                var result = await publisher.PublishAsync(award);
                Assert.True(results.TryAdd(result.AwardId, result), $"{result.AwardId} answered twice");
                Interlocked.Increment(ref completed);
            }
        })).ToArray();
        var all = Task.WhenAll(callers);

        try
        {
            // --- SIGKILL to the front end once a quarter of the stream is credited, then the front end started again ---
            await WaitUntilAsync(() => Volatile.Read(ref completed) >= Total / 4 || all.IsCompleted, TimeSpan.FromMinutes(4));
            var frontEnd = cluster.Cluster.FrontEnd!;
            frontEnd.KillTree();
            await frontEnd.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await Task.Delay(TimeSpan.FromMilliseconds(500)); // answers received just before the kill reach their callers
            var atKill = Volatile.Read(ref completed);
            Log($"SIGKILL to the front end after {atKill} of {Total} awards were credited");
            await Task.Delay(TimeSpan.FromSeconds(2));
            var whileDown = Volatile.Read(ref completed) - atKill;
            await cluster.RestartFrontEndAsync();
            Log($"front end ready again; {Volatile.Read(ref completed)} credited, {publisher.QueueLength} queued");

            await all.WaitAsync(TimeSpan.FromMinutes(6));
            Log($"all {Total} callers answered; publisher retries: {meter.Of("cxmpute.publisher.retries").Sum()}, batches: {meter.Of("cxmpute.publisher.batch.size").Count}");

            Assert.InRange(atKill, 1, Total - 1); // the kill landed in the middle of the stream
            Assert.Equal(0, whileDown); // nothing is confirmed while no front end answers
            Assert.Equal(Total, results.Count);
            await Ledger.AssertCreditedOnceAsync(services.GetRequiredService<CxmputeClient>(), results, users);
        }
        catch
        {
            cluster.Failed = true;
            output.WriteLine(cluster.Tails());
            throw;
        }
    }

    [Fact]
    public async Task While_the_front_end_is_stopped_callers_wait_for_room_or_fail_fast_and_every_queued_award_is_credited_once_after_it_restarts()
    {
        const int Published = 200;
        const int Capacity = 50;
        var run = Guid.NewGuid().ToString("N")[..8];
        var users = Enumerable.Range(0, 4).Select(k => $"usr_{run}_{k}").ToArray();
        await using var services = cluster.NewServices(p =>
        {
            p.QueueCapacity = Capacity;
            p.MaxBatchSize = 10;
            p.MaxBatchesInFlight = 2;
            p.RetryMaxDelay = TimeSpan.FromSeconds(1);
            p.RetryDeadline = TimeSpan.FromMinutes(4);
        });
        var publisher = services.GetRequiredService<AwardPublisher>();
        var client = services.GetRequiredService<CxmputeClient>();
        await using var failFast = new AwardPublisher(client, new AwardPublisherOptions
        {
            QueueCapacity = 5, MaxBatchSize = 1, MaxBatchesInFlight = 1, Linger = TimeSpan.Zero, FailFastWhenFull = true, RetryDeadline = TimeSpan.FromMinutes(4),
        });

        try
        {
            // --- the service stopped (SIGTERM: a graceful stop of the front end) ---
            var code = await cluster.Cluster.FrontEnd!.StopAsync("TERM", TimeSpan.FromSeconds(30));
            Log($"front end stopped (exit code {code})");

            Log("publishing");
            var tasks = Enumerable.Range(0, Published)
                .Select(i => publisher.PublishAsync(new Award($"{run}-{i}", "chat") { UserId = users[i % users.Length], Tokens = i }))
                .ToArray();
            Log($"published; queue {publisher.QueueLength}");
            await WaitUntilAsync(() => publisher.QueueLength == Capacity, TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(Capacity, publisher.QueueLength); // full, and it stays full
            Assert.All(tasks, t => Assert.False(t.IsCompleted)); // every caller waits: queued, in flight, or for room
            var waitingForRoom = Published - Capacity - (2 * 10) - 10; // beyond the queue, two batches in flight and one being filled
            Log($"queue full at {publisher.QueueLength}; at least {waitingForRoom} callers wait for room");

            // --- fail-fast: one award in flight, one taken for the next batch, five queued, the next one refused at once ---
            Log("fail-fast publisher");
            var first = failFast.PublishAsync(new Award($"{run}-ff-0", "chat") { UserId = users[0] });
            await WaitUntilAsync(() => failFast.QueueLength == 0, TimeSpan.FromSeconds(10));
            var queued = new List<Task<AwardResult>> { failFast.PublishAsync(new Award($"{run}-ff-1", "chat") { UserId = users[0] }) };
            await WaitUntilAsync(() => failFast.QueueLength == 0, TimeSpan.FromSeconds(10));
            queued.AddRange(Enumerable.Range(2, 5).Select(i => failFast.PublishAsync(new Award($"{run}-ff-{i}", "chat") { UserId = users[0] })));
            Assert.Equal(5, failFast.QueueLength);
            await Assert.ThrowsAsync<AwardQueueFullException>(() => failFast.PublishAsync(new Award($"{run}-ff-7", "chat") { UserId = users[0] }));

            // --- the service back: everything queued is credited, once ---
            Log("restarting the front end");
            await cluster.RestartFrontEndAsync();
            Log("front end ready again");
            var answered = await Task.WhenAll(tasks.Append(first).Concat(queued)).WaitAsync(TimeSpan.FromMinutes(4));
            Assert.Equal(Published + 7, answered.Length);
            await Ledger.AssertCreditedOnceAsync(client, answered.ToDictionary(r => r.AwardId, StringComparer.Ordinal), users);
        }
        catch
        {
            cluster.Failed = true;
            output.WriteLine(cluster.Tails());
            throw;
        }
        finally
        {
            if (cluster.Cluster.FrontEnd is { HasExited: true })
            {
                await cluster.RestartFrontEndAsync(); // for the next scenario
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, $"condition not met within {timeout}");
            await Task.Delay(20);
        }
    }

    private void Log(string message)
    {
        var line = $"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {message}";
        output.WriteLine(line);
        File.AppendAllText(Path.Combine(cluster.Cluster.LogDirectory, "scenarios.log"), line + Environment.NewLine);
    }
}
