using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Cxmpute.LoadTest.InProc;

/// <summary>Counts incoming grain calls by grain interface, so that the benchmark can state grain calls per award.</summary>
public sealed class CallCounter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _calls = new(StringComparer.Ordinal);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = context.InterfaceName ?? "unknown";
        var box = _calls.GetOrAdd(name, static _ => new StrongBox<long>());
        Interlocked.Increment(ref box.Value);
        return context.Invoke();
    }

    public Dictionary<string, long> Snapshot() => _calls.ToDictionary(c => c.Key, c => Interlocked.Read(ref c.Value.Value), StringComparer.Ordinal);

    public static Dictionary<string, long> Delta(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        after.ToDictionary(a => a.Key, a => a.Value - before.GetValueOrDefault(a.Key), StringComparer.Ordinal);
}
