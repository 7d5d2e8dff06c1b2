using System.Collections.Concurrent;
using Orleans.Storage;

namespace Cxmpute.Grains.Tests.Infrastructure;

/// <summary>Grain storage that outlives any one silo of a test cluster, as real storage does.</summary>
internal sealed class SharedMemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<string, (object State, string ETag)> _states = new();
    private long _version;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_states.TryGetValue(Key(stateName, grainId), out var stored))
        {
            grainState.State = (T)stored.State;
            grainState.ETag = stored.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        lock (_states)
        {
            _states.TryGetValue(key, out var stored);
            if (stored.ETag != grainState.ETag)
            {
                throw new InconsistentStateException($"etag mismatch for {key}", stored.ETag, grainState.ETag);
            }

            var etag = Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _states[key] = (Clone(grainState.State!), etag);
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _states.TryRemove(Key(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => $"{stateName}/{grainId}";

    private static object Clone<T>(T state) => state is Cxmpute.Grains.Journal.JournalCheckpoint c
        ? new Cxmpute.Grains.Journal.JournalCheckpoint { Watermark = c.Watermark }
        : state!;
}
