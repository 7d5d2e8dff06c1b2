using Microsoft.Extensions.Logging;

namespace Cxmpute.Grains.Journal;

/// <summary>
/// Awards held out of a journal's queue until the accounts pricing gave up waiting for have loaded; then they go back
/// to the front of the queue in their order. Meanwhile the awards queued behind them commit: one cold account does not
/// hold up its journal. An award with the id of one set aside waits behind it (<see cref="TryFollow"/>), so the first to
/// arrive stays the original and the others become its duplicates or conflicts.
/// </summary>
internal sealed class SetAsideAwards(AwardPricer pricer, LedgerMetrics metrics, ILogger logger, string journalId)
{
    private readonly HashSet<PendingAward> _aside = [];

    /// <summary>
    /// The award set aside under each id, for the later awards with that id to wait behind it. An entry may outlive its
    /// award's stay in <see cref="_aside"/> (its caller's wait ran out) until it resumes; <see cref="TryFollow"/> checks.
    /// </summary>
    private readonly Dictionary<string, PendingAward> _byId = new(StringComparer.Ordinal);

    /// <summary>Sets <paramref name="items"/> aside; once their accounts have loaded, <paramref name="resume"/> gets them back (and their followers) in queue order.</summary>
    public void SetAside(List<PendingAward> items, Action<IReadOnlyList<PendingAward>> resume)
    {
        metrics.SetAside(items.Count);
        foreach (var item in items)
        {
            item.WasSetAside = true;
            _aside.Add(item);
            _byId[item.Request.AwardId] = item;
        }

        _ = ResumeAsync(items, resume);
    }

    /// <summary>
    /// Sets <paramref name="item"/> aside behind the award set aside with its id, if there is one, so that the first to
    /// arrive stays the original and the others are its duplicates or conflicts.
    /// </summary>
    public bool TryFollow(PendingAward item)
    {
        if (_byId.Count == 0 || !_byId.TryGetValue(item.Request.AwardId, out var first) || !_aside.Contains(first))
        {
            return false;
        }

        item.Follow(first);
        _aside.Add(item);
        return true;
    }

    /// <summary>Takes an award out (its caller stopped waiting); false when it is not here.</summary>
    public bool Remove(PendingAward item) => _aside.Remove(item);

    /// <summary>Answers every award set aside with <paramref name="answer"/> (the journal stops).</summary>
    public void Clear(Action<PendingAward> answer)
    {
        foreach (var item in _aside)
        {
            answer(item);
        }

        _aside.Clear();
        _byId.Clear();
    }

    private async Task ResumeAsync(List<PendingAward> items, Action<IReadOnlyList<PendingAward>> resume)
    {
        try
        {
            await pricer.WarmAsync(items);
        }
        catch (Exception ex)
        {
            // Priced again with every lookup awaited: a failure that persists fails their group the usual way.
            logger.LogDebug(ex, "Journal {Journal}: a lookup for awards set aside failed", journalId);
        }

        // In queue order, each followed by the later awards with its id; only those still here (not answered meanwhile:
        // their caller's wait ran out, or the journal stopped).
        var back = new List<PendingAward>();
        foreach (var item in items)
        {
            if (_byId.TryGetValue(item.Request.AwardId, out var held) && held == item)
            {
                _byId.Remove(item.Request.AwardId);
            }

            foreach (var next in (item.Followers ?? []).Prepend(item))
            {
                if (_aside.Remove(next))
                {
                    back.Add(next);
                }
            }
        }

        resume(back);
    }
}
