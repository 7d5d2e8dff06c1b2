namespace Cxmpute.Grains.Storage;

/// <summary>Switches for the in-memory stores that let tests make storage fail, as an outage would.</summary>
public sealed class StorageFaults
{
    private volatile bool _failWrites;
    private volatile bool _failReads;
    private volatile bool _loseJournalWriteAnswers;

    public bool FailWrites { get => _failWrites; set => _failWrites = value; }

    public bool FailReads { get => _failReads; set => _failReads = value; }

    /// <summary>Journal page writes land, but their callers get an error, as when a storage answer is lost on the way.</summary>
    public bool LoseJournalWriteAnswers { get => _loseJournalWriteAnswers; set => _loseJournalWriteAnswers = value; }

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

    internal void AfterJournalWrite()
    {
        if (_loseJournalWriteAnswers)
        {
            throw new IOException("the answer of a write that landed was lost (injected fault)");
        }
    }

    internal void OnRead()
    {
        if (_failReads)
        {
            throw new IOException("storage unavailable (injected fault)");
        }
    }
}
