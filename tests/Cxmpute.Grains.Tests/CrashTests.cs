using Cxmpute.Abstractions;
using Cxmpute.Grains.Tests.Infrastructure;

namespace Cxmpute.Grains.Tests;

/// <summary>A silo dies while awards are in flight (memory storage shared by the silos); unacknowledged awards are retried with the same ids.</summary>
public sealed class CrashTests(TwoSiloCluster cluster, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<TwoSiloCluster>
{
    [Fact]
    public Task Killing_a_silo_mid_load_loses_no_acknowledged_credit_and_credits_nothing_twice() =>
        CrashScenario.RunAsync(cluster.Cluster, output);
}

/// <summary>The same on two silos sharing Azurite.</summary>
public sealed class AzureCrashTests(TwoSiloAzureLedgerCluster cluster, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<TwoSiloAzureLedgerCluster>
{
    [Fact]
    public Task Killing_a_silo_mid_load_on_azurite_loses_no_acknowledged_credit_and_credits_nothing_twice() =>
        CrashScenario.RunAsync(cluster.Cluster, output);
}

/// <summary>The same on two silos sharing Azurite, the journal pages in blob storage (the layout ./run.sh uses).</summary>
public sealed class AzureBlobJournalCrashTests(TwoSiloBlobJournalAzureLedgerCluster cluster, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<TwoSiloBlobJournalAzureLedgerCluster>
{
    [Fact]
    public Task Killing_a_silo_mid_load_with_blob_journals_loses_no_acknowledged_credit_and_credits_nothing_twice() =>
        CrashScenario.RunAsync(cluster.Cluster, output);
}

internal static class CrashScenario
{
    public static async Task RunAsync(Orleans.TestingHost.TestCluster cluster, Xunit.Abstractions.ITestOutputHelper output)
    {
        var grains = cluster.GrainFactory;
        var ledger = new LedgerDriver(grains);
        var expectation = new Expectation();
        var users = Enumerable.Range(0, 30).Select(i => Ids.User($"k{i}")).ToArray();
        var providers = Enumerable.Range(0, 8).Select(i => Ids.Provider($"k{i}")).ToArray();
        await grains.GetGrain<IAccountGrain>(users[0]).EnsureUserAsync();
        for (var i = 1; i < users.Length; i++)
        {
            await ledger.ReferOkAsync(users[i], users[(i - 1) / 2]);
            expectation.Add(users[(i - 1) / 2], 25m);
        }

        for (var i = 0; i < providers.Length; i++)
        {
            await ledger.RegisterAsync(providers[i], 24);
            if (i > 0)
            {
                await ledger.ReferOkAsync(providers[i], providers[i - 1]);
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
                        var outcome = await ledger.AwardAsync(award);
                        if (outcome.Result is { } result)
                        {
                            results.Add(result);
                            if (Interlocked.Increment(ref acknowledged) == 400)
                            {
                                killed = cluster.KillSiloAsync(cluster.SecondarySilos[0]);
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

        await expectation.VerifyAsync(ledger, users.Concat(providers));
        Assert.Single(cluster.GetActiveSilos());
        output.WriteLine($"{awards.Count} awards acknowledged after {retries} retries; {results.Count(r => r.Duplicate)} answered as duplicates of a commit whose first answer was lost");
    }
}
