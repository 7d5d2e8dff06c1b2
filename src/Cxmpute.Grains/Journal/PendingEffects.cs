using Cxmpute.Grains.Accounts;

namespace Cxmpute.Grains.Journal;

/// <summary>
/// A journal's commits after its watermark, by account: what an account that restarts may still need
/// (<see cref="For"/>), what a checkpoint asks accounts to persist, and what a recovering journal delivers again.
/// </summary>
internal sealed class PendingEffects(string journalId)
{
    private readonly Dictionary<string, List<EffectBatch>> _byAccount = new(StringComparer.Ordinal);

    /// <summary>Account deliveries held (one per account per commit): what back-pressure counts.</summary>
    public int Deliveries { get; private set; }

    public int Accounts => _byAccount.Count;

    public IEnumerable<KeyValuePair<string, List<EffectBatch>>> ByAccount => _byAccount;

    /// <summary>Adds a commit's effects, one batch per account it touches, and returns those batches.</summary>
    public List<AccountBatch> Add(long seq, IReadOnlyList<JournalEntry> entries)
    {
        var added = new List<AccountBatch>();
        foreach (var (account, effects) in EffectPlanner.ByAccount(entries))
        {
            if (!_byAccount.TryGetValue(account, out var batches))
            {
                _byAccount[account] = batches = [];
            }

            var batch = new EffectBatch(journalId, seq, effects);
            batches.Add(batch);
            added.Add(new AccountBatch(account, batch));
            Deliveries++;
        }

        return added;
    }

    public IReadOnlyList<EffectBatch> For(string accountId, long after) =>
        _byAccount.TryGetValue(accountId, out var batches) ? batches.Where(b => b.Seq > after).ToList() : [];

    /// <summary>Forgets an account's commits up to <paramref name="upTo"/>: it has confirmed them durable.</summary>
    public void Persisted(string accountId, long upTo)
    {
        if (!_byAccount.TryGetValue(accountId, out var batches))
        {
            return;
        }

        Deliveries -= batches.RemoveAll(b => b.Seq <= upTo);
        if (batches.Count == 0)
        {
            _byAccount.Remove(accountId);
        }
    }

    /// <summary>Just below the oldest commit still pending in any account, at most <paramref name="target"/>.</summary>
    public long WatermarkBelow(long target)
    {
        var watermark = target;
        foreach (var batches in _byAccount.Values)
        {
            watermark = Math.Min(watermark, batches[0].Seq - 1);
        }

        return watermark;
    }
}

/// <summary>One account's share of a commit.</summary>
internal readonly record struct AccountBatch(string AccountId, EffectBatch Batch);
