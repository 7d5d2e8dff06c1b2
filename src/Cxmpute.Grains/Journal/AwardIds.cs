namespace Cxmpute.Grains.Journal;

/// <summary>
/// The award ids a journal has committed within the idempotency retention, and where each one's entry is: a retry is
/// answered from the entry it finds, and an id is new only when no entry holds it.
/// </summary>
internal sealed class AwardIds(JournalCore journal)
{
    private readonly AwardIndex _index = new();

    /// <summary>For <see cref="JournalCore.LoadAsync"/>: an entry read at activation.</summary>
    public void Remember(JournalEntry entry, long pageNo, int index)
    {
        if (entry.Award is { } award)
        {
            _index.Add(award.Result.AwardId, new AwardLocation(pageNo, index));
        }
    }

    /// <summary>Awards just committed: the first of them at <paramref name="at"/>, the next ones after it.</summary>
    public void Committed(IReadOnlyList<PendingAward> awards, AwardLocation at)
    {
        for (var i = 0; i < awards.Count; i++)
        {
            _index.Add(awards[i].Request.AwardId, new AwardLocation(at.PageNo, at.Index + i));
        }
    }

    /// <summary>The journaled entry of <paramref name="awardId"/>, or null when the id is new to this journal.</summary>
    public async Task<AwardRecord?> FindAsync(string awardId)
    {
        if (!_index.TryFind(awardId, out var location, out var verified))
        {
            return null;
        }

        // A hash match is read back and compared: another id with the same hash is a new award.
        var award = (await journal.ReadEntryAsync(location.PageNo, location.Index)).Award;
        return verified || string.Equals(award?.Result.AwardId, awardId, StringComparison.Ordinal) ? award : null;
    }
}
