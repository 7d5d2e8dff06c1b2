using System.Diagnostics;
using Cxmpute.Grains;

namespace Cxmpute.LoadTest.InProc;

/// <summary>
/// The grain-call ceiling: trivial calls to 1,000 ping grains from <c>concurrency</c> loops for a while, their references
/// built as the ledger's own grains build theirs (<see cref="GrainReferences"/>).
/// </summary>
internal static class CeilingBenchmark
{
    public static async Task<double> RunAsync(IGrainFactory grains, int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        long calls = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(duration);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var key = worker;
            while (!stop.IsCancellationRequested)
            {
                await grains.Grain<IPingGrain>(key % 1000).PingAsync(key);
                key += concurrency;
                Interlocked.Increment(ref calls);
            }
        }, CancellationToken.None)));
        return calls / clock.Elapsed.TotalSeconds;
    }
}
