using System.Collections.Concurrent;

namespace Cxmpute.Grains.Storage;

/// <summary>Switches for the in-memory stores that let tests make storage fail, as an outage would.</summary>
public sealed class StorageFaults
{
    private volatile bool _failWrites;
    private volatile bool _failReads;
    private volatile bool _loseJournalWriteAnswers;
    private volatile bool _failAccountWrites;

    public bool FailWrites { get => _failWrites; set => _failWrites = value; }

    public bool FailReads { get => _failReads; set => _failReads = value; }

    /// <summary>Account snapshot writes fail while journal pages still land: accounts cannot persist, awards still commit.</summary>
    public bool FailAccountWrites { get => _failAccountWrites; set => _failAccountWrites = value; }

    /// <summary>Journal page writes land, but their callers get an error, as when a storage answer is lost on the way.</summary>
    public bool LoseJournalWriteAnswers { get => _loseJournalWriteAnswers; set => _loseJournalWriteAnswers = value; }

    /// <summary>Counts every write that reached storage (for storage-operations-per-award figures).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    private long _writes;
    private readonly ConcurrentDictionary<string, TimeSpan> _slowReads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _accountWrites = new(StringComparer.Ordinal);

    /// <summary>Reads of this account's snapshot take <paramref name="delay"/>, as on a busy store (zero: normal again).</summary>
    public void SlowReads(string accountId, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            _slowReads.TryRemove(accountId, out _);
        }
        else
        {
            _slowReads[accountId] = delay;
        }
    }

    internal void OnWrite()
    {
        if (_failWrites)
        {
            throw new IOException("storage unavailable (injected fault)");
        }

        Interlocked.Increment(ref _writes);
    }

    /// <summary>Snapshot writes of one account that reached storage.</summary>
    public int AccountWrites(string accountId) => _accountWrites.GetValueOrDefault(accountId);

    internal void OnAccountWrite(string accountId)
    {
        if (_failAccountWrites)
        {
            throw new IOException("account storage unavailable (injected fault)");
        }

        OnWrite();
        _accountWrites.AddOrUpdate(accountId, 1, (_, n) => n + 1);
    }

    /// <summary>A ledger segment write: part of an account's write, so it fails with them.</summary>
    internal void OnPageWrite()
    {
        if (_failAccountWrites)
        {
            throw new IOException("account storage unavailable (injected fault)");
        }

        OnWrite();
    }

    internal void AfterJournalWrite()
    {
        if (_loseJournalWriteAnswers)
        {
            throw new IOException("the answer of a write that landed was lost (injected fault)");
        }
    }

    internal Task OnAccountReadAsync(string accountId, CancellationToken cancellationToken)
    {
        OnRead();
        return _slowReads.TryGetValue(accountId, out var delay) ? Task.Delay(delay, cancellationToken) : Task.CompletedTask;
    }

    internal void OnRead()
    {
        if (_failReads)
        {
            throw new IOException("storage unavailable (injected fault)");
        }
    }
}
