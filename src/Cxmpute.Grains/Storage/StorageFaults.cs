namespace Cxmpute.Grains.Storage;

/// <summary>Switches for the in-memory stores that let tests make storage fail, as an outage would.</summary>
public sealed class StorageFaults
{
    private volatile bool _failWrites;
    private volatile bool _failReads;

    public bool FailWrites { get => _failWrites; set => _failWrites = value; }

    public bool FailReads { get => _failReads; set => _failReads = value; }

    /// <summary>Counts every write that reached storage (for storage-operations-per-award figures).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    private long _writes;

    internal void OnWrite()
    {
        if (_failWrites)
        {
            throw new IOException("storage unavailable (injected fault)");
        }

        Interlocked.Increment(ref _writes);
    }

    internal void OnRead()
    {
        if (_failReads)
        {
            throw new IOException("storage unavailable (injected fault)");
        }
    }
}
