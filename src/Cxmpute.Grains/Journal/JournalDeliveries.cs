using Cxmpute.Grains.Accounts;

namespace Cxmpute.Grains.Journal;

/// <summary>
/// Delivers a journal's commits to their accounts. Each account gets the commits that touch it in commit order, one
/// after another, which is all an account relies on (it applies a journal's commits in sequence order and ignores one
/// it has); an account still loading from storage holds up only the commits that touch it. Tracks the last commit
/// delivered to all of its accounts and to all those before it: the watermark never moves past it.
/// </summary>
internal sealed class JournalDeliveries(IGrainFactory grains, LedgerOptions options)
{
    private readonly Dictionary<string, DeliverySlot> _tails = new(StringComparer.Ordinal);
    private readonly SortedSet<long> _deliveredAhead = [];
    private readonly SemaphoreSlim _fanOut = new(Math.Max(1, options.FanOutParallelism));

    /// <summary>Every commit up to this one is delivered to all of its accounts.</summary>
    public long DeliveredSeq { get; set; }

    /// <summary>
    /// Starts applying one commit's effects to every account it touches. If an earlier delivery to an account failed,
    /// the later ones to it fail too, so no account ever skips a commit; the journal then stops and its next activation
    /// replays everything after the watermark. <see cref="Delivery.All"/> completes when every account has applied it.
    /// </summary>
    public Delivery Start(JournalCommit commit)
    {
        var byAccount = new Dictionary<string, Task>(commit.Batches.Count, StringComparer.Ordinal);
        foreach (var batch in commit.Batches)
        {
            _tails.TryGetValue(batch.AccountId, out var previous);
            var slot = new DeliverySlot();
            _tails[batch.AccountId] = slot;
            slot.Task = ApplyInOrderAsync(previous?.Task, batch, slot);
            byAccount[batch.AccountId] = slot.Task;
        }

        return new Delivery(DeliveredAsync(commit.Seq, byAccount.Values), byAccount);
    }

    /// <summary>
    /// Delivers again, account by account and in parallel, the commits up to <paramref name="last"/> that were held at
    /// activation: each account gets its batches in commit order, which is all the ordering accounts need. Commit by
    /// commit, a recovering journal took one delivery round per commit of the flush delay's span.
    /// </summary>
    public async Task ReplayAsync(PendingEffects pending, long last)
    {
        var chains = pending.ByAccount.Select(pair => (Account: pair.Key, Batches: pair.Value.Where(b => b.Seq <= last).ToList())).ToList();
        await JournalCalls.ForEachAsync(chains, async chain =>
        {
            foreach (var batch in chain.Batches)
            {
                await JournalCalls.WithRetries(() => Account(chain.Account).ApplyAsync(batch));
            }
        }, options.FanOutParallelism);
        DeliveredSeq = Math.Max(DeliveredSeq, last);
    }

    private async Task ApplyInOrderAsync(Task? previous, AccountBatch batch, DeliverySlot slot)
    {
        try
        {
            if (previous is not null)
            {
                await previous;
            }

            await _fanOut.WaitAsync();
            try
            {
                await JournalCalls.WithRetries(() => Account(batch.AccountId).ApplyAsync(batch.Batch));
            }
            finally
            {
                _fanOut.Release();
            }
        }
        finally
        {
            if (_tails.TryGetValue(batch.AccountId, out var tail) && ReferenceEquals(tail, slot))
            {
                _tails.Remove(batch.AccountId); // nothing later queued for this account: keep the map to deliveries in flight
            }
        }
    }

    private async Task DeliveredAsync(long seq, IEnumerable<Task> accounts)
    {
        await Task.WhenAll(accounts);
        if (seq != DeliveredSeq + 1)
        {
            _deliveredAhead.Add(seq);
            return;
        }

        DeliveredSeq = seq;
        while (_deliveredAhead.Remove(DeliveredSeq + 1))
        {
            DeliveredSeq++;
        }
    }

    private ILedgerAccountGrain Account(string accountId) => grains.Grain<ILedgerAccountGrain>(accountId);
}

/// <summary>A commit on its way to its accounts: done for all of them, and per account.</summary>
internal sealed record Delivery(Task All, IReadOnlyDictionary<string, Task> ByAccount);

/// <summary>The latest delivery to one account, which the next delivery to that account waits for.</summary>
internal sealed class DeliverySlot
{
    public Task? Task { get; set; }
}

/// <summary>A durable commit: its sequence number, where its first entry is, and what each account gets from it.</summary>
internal sealed record JournalCommit(long Seq, long PageNo, int FirstIndex, IReadOnlyList<AccountBatch> Batches);
