namespace Cxmpute.LoadTest.InProc;

/// <summary>The trivial grain of the grain-call ceiling benchmark: one call, no state, no I/O.</summary>
[Alias("cx.loadtest.IPingGrain")]
public interface IPingGrain : IGrainWithIntegerKey
{
    [Alias("Ping")]
    Task<int> PingAsync(int value);
}
