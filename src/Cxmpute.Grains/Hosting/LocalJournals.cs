using System.Collections.Concurrent;

namespace Cxmpute.Grains.Hosting;

/// <summary>
/// The journals active in this silo, each with the call that drains it: a silo stopping gracefully flushes them before
/// its grains are deactivated (<see cref="JournalDrainer"/>).
/// </summary>
public sealed class LocalJournals
{
    private readonly ConcurrentDictionary<string, Func<Task>> _drains = new(StringComparer.Ordinal);

    public void Add(string journalId, Func<Task> drain) => _drains[journalId] = drain;

    public void Remove(string journalId) => _drains.TryRemove(journalId, out _);

    public IReadOnlyList<KeyValuePair<string, Func<Task>>> All() => [.. _drains];
}
