using Cxmpute.Abstractions;
using Cxmpute.Grains.Tests.Infrastructure;

namespace Cxmpute.Grains.Tests;

/// <summary>A silo dies while awards are in flight; unacknowledged awards are retried with the same ids.</summary>
public sealed class CrashTests(TwoSiloCluster cluster, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<TwoSiloCluster>
{
    private readonly LedgerDriver _ledger = new(cluster.Grains);

    [Fact]
    public async Task Killing_a_silo_mid_load_loses_no_acknowledged_credit_and_credits_nothing_twice()
    {
        var expectation = new Expectation();
        var users = Enumerable.Range(0, 30).Select(i => Ids.User($"k{i}")).ToArray();
        var providers = Enumerable.Range(0, 8).Select(i => Ids.Provider($"k{i}")).ToArray();
        await cluster.Grains.GetGrain<IAccountGrain>(users[0]).EnsureUserAsync();
        for (var i = 1; i < users.Length; i++)
        {
            await _ledger.ReferOkAsync(users[i], users[(i - 1) / 2]);
            expectation.Add(users[(i - 1) / 2], 25m);
        }

        for (var i = 0; i < providers.Length; i++)
        {
            await _ledger.RegisterAsync(providers[i], 24);
            if (i > 0)
            {
                await _ledger.ReferOkAsync(providers[i], providers[i - 1]);
                expectation.Add(providers[i - 1], 50m);
            }
        }

        var awards = Enumerable.Range(0, 1500)
            .Select(i => LedgerDriver.Chat(users[i % users.Length], i % 3 == 0 ? null : providers[i % providers.Length], i % 2000, i % 2 == 0 ? "Llama3-70B" : "Mistral-7B", awardId: $"crash-{Guid.NewGuid():N}"))
            .ToList();
        var acknowledged = 0;
        var killed = Task.CompletedTask;
        var queue = new System.Collections.Concurrent.ConcurrentQueue<AwardRequest>(awards);
        var results = new System.Collections.Concurrent.ConcurrentBag<AwardResult>();
        var retries = 0;

        async Task Worker()
        {
            while (queue.TryDequeue(out var award))
            {
                while (true)
                {
                    try
                    {
                        var outcome = await _ledger.AwardAsync(award);
                        if (outcome.Result is { } result)
                        {
                            results.Add(result);
                            if (Interlocked.Increment(ref acknowledged) == 400)
                            {
                                killed = cluster.Cluster.KillSiloAsync(cluster.Cluster.SecondarySilos[0]);
                            }

                            break;
                        }

                        Assert.Equal(ErrorCodes.Unavailable, outcome.Error!.Code);
                    }
                    catch (Exception ex) when (ex is TimeoutException or OrleansException)
                    {
                    }

                    Interlocked.Increment(ref retries);
                    await Task.Delay(100);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(Worker)));
        await killed;

        Assert.Equal(awards.Count, results.Count);
        Assert.Equal(awards.Count, results.Select(r => r.AwardId).Distinct().Count());
        foreach (var result in results.Where(r => !r.Duplicate))
        {
            expectation.Add(result);
        }

        // A retry whose first attempt was committed but not acknowledged comes back as a duplicate: same credits, once.
        foreach (var result in results.Where(r => r.Duplicate))
        {
            expectation.Add(result);
        }

        await expectation.VerifyAsync(_ledger, users.Concat(providers));
        Assert.Single(cluster.Cluster.GetActiveSilos());
        output.WriteLine($"{awards.Count} awards acknowledged after {retries} retries; {results.Count(r => r.Duplicate)} answered as duplicates of a commit whose first answer was lost");
    }
}
