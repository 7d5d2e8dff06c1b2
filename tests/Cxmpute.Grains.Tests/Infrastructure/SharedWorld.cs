using System.Collections.Concurrent;
using Cxmpute.Grains.Storage;
using Cxmpute.Grains.Storage.Ledger;
using Microsoft.Extensions.Time.Testing;

namespace Cxmpute.Grains.Tests.Infrastructure;

/// <summary>Storage and clock shared by every silo of one test cluster: what survives when a silo dies.</summary>
internal sealed class SharedWorld
{
    public static readonly ConcurrentDictionary<string, SharedWorld> All = new();

    public StorageFaults Faults { get; } = new();

    public MemoryJournalStore Journals { get; }

    public MemoryAccountStore Accounts { get; }

    public MemoryPageStore Pages { get; }

    public SharedMemoryGrainStorage Checkpoints { get; } = new();

    public FakeTimeProvider? Time { get; init; }

    public SharedWorld()
    {
        Journals = new MemoryJournalStore(Faults);
        Accounts = new MemoryAccountStore(Faults);
        Pages = new MemoryPageStore(Faults);
    }
}
