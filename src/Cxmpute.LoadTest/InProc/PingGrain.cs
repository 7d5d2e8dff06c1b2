namespace Cxmpute.LoadTest.InProc;

/// <summary>Answers at once; what a grain call costs when the grain does nothing.</summary>
public sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> PingAsync(int value) => Task.FromResult(value + 1);
}
