namespace Cxmpute.Audit.Checks;

/// <summary>
/// The referral graph rebuilt from the referral journals, in commit order. While it is built it keeps each account's
/// direct and secondary counts as they stood (to check the facts a referral recorded); once sealed it gives every
/// account's final ancestors and its direct / secondary / tertiary counts.
/// </summary>
internal sealed class ReferralGraph
{
    private readonly Dictionary<string, ReferralLink> _parents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _direct = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _secondary = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(long Seq, DateTimeOffset At)>> _commits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset[]> _laterMin = new(StringComparer.Ordinal);
    private Dictionary<string, (long Direct, long Secondary, long Tertiary)> _counts = new(StringComparer.Ordinal);

    public int Links => _parents.Count;

    public bool Sealed { get; private set; }

    public ReferralLink? ParentOf(string accountId) => _parents.GetValueOrDefault(accountId);

    public IEnumerable<string> Accounts => _parents.Keys.Concat(_parents.Values.Select(l => l.Referrer));

    /// <summary>Up to <paramref name="max"/> ancestors, nearest first. Stops on a cycle (which <see cref="TryLink"/> never lets in).</summary>
    public List<string> Ancestors(string accountId, int max)
    {
        var path = new List<string>(Math.Min(max, 8));
        var current = accountId;
        while (path.Count < max && _parents.TryGetValue(current, out var link) && link.Referrer != accountId && !path.Contains(link.Referrer))
        {
            path.Add(link.Referrer);
            current = link.Referrer;
        }

        return path;
    }

    /// <summary>Whether <paramref name="ancestor"/> is <paramref name="accountId"/> or above it.</summary>
    public bool IsAncestorOrSelf(string ancestor, string accountId)
    {
        var current = accountId;
        for (var steps = 0; steps <= _parents.Count; steps++)
        {
            if (current == ancestor)
            {
                return true;
            }

            if (!_parents.TryGetValue(current, out var link))
            {
                return false;
            }

            current = link.Referrer;
        }

        return false;
    }

    /// <summary>The referee's direct and secondary counts as the graph stands now (before sealing).</summary>
    public (long Direct, long Secondary) CurrentCounts(string accountId) => (_direct.GetValueOrDefault(accountId), _secondary.GetValueOrDefault(accountId));

    /// <summary>Adds the link; the caller has checked it neither repeats a referee nor closes a cycle.</summary>
    public void Link(string referee, ReferralLink link)
    {
        _parents[referee] = link;
        _direct[link.Referrer] = _direct.GetValueOrDefault(link.Referrer) + 1;
        _secondary[link.Referrer] = _secondary.GetValueOrDefault(link.Referrer) + _direct.GetValueOrDefault(referee);
        if (_parents.TryGetValue(link.Referrer, out var grandparent))
        {
            _secondary[grandparent.Referrer] = _secondary.GetValueOrDefault(grandparent.Referrer) + 1;
        }
    }

    /// <summary>Notes a commit of a referral journal (its sequence and entry time), for <see cref="FirstCommitAfter"/>.</summary>
    public void Commit(string journalId, long seq, DateTimeOffset at)
    {
        if (!_commits.TryGetValue(journalId, out var commits))
        {
            _commits[journalId] = commits = [];
        }

        if (commits.Count == 0 || commits[^1].Seq != seq)
        {
            commits.Add((seq, at));
        }
    }

    /// <summary>Computes the final counts of every account and the commit index; no more links after this.</summary>
    public void Seal()
    {
        var counts = new Dictionary<string, (long Direct, long Secondary, long Tertiary)>(StringComparer.Ordinal);
        foreach (var referee in _parents.Keys)
        {
            var ancestors = Ancestors(referee, 3);
            for (var level = 0; level < ancestors.Count; level++)
            {
                var c = counts.GetValueOrDefault(ancestors[level]);
                counts[ancestors[level]] = level switch
                {
                    0 => (c.Direct + 1, c.Secondary, c.Tertiary),
                    1 => (c.Direct, c.Secondary + 1, c.Tertiary),
                    _ => (c.Direct, c.Secondary, c.Tertiary + 1),
                };
            }
        }

        _counts = counts;
        foreach (var (journal, commits) in _commits)
        {
            var laterMin = new DateTimeOffset[commits.Count];
            var min = DateTimeOffset.MaxValue;
            for (var i = commits.Count - 1; i >= 0; i--)
            {
                laterMin[i] = min;
                min = commits[i].At < min ? commits[i].At : min;
            }

            _laterMin[journal] = laterMin;
        }

        Sealed = true;
    }

    /// <summary>Final direct, secondary and tertiary counts of an account (after <see cref="Seal"/>).</summary>
    public (long Direct, long Secondary, long Tertiary) Counts(string accountId) => _counts.GetValueOrDefault(accountId);

    /// <summary>
    /// The earliest entry time of the commits of <paramref name="journalId"/> after <paramref name="seq"/>: a referral
    /// journal decides one group after the other, so a commit after the link's proves the link was visible by then.
    /// </summary>
    public DateTimeOffset? FirstCommitAfter(string journalId, long seq)
    {
        if (!_commits.TryGetValue(journalId, out var commits) || !_laterMin.TryGetValue(journalId, out var laterMin))
        {
            return null;
        }

        var index = commits.BinarySearch((seq, default), Comparer<(long Seq, DateTimeOffset At)>.Create((a, b) => a.Seq.CompareTo(b.Seq)));
        if (index < 0)
        {
            return null;
        }

        return laterMin[index] == DateTimeOffset.MaxValue ? null : laterMin[index];
    }
}
