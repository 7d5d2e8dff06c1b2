namespace Cxmpute.Grains.Journal;

/// <summary>Where an accepted award id was journaled: page and position of its entry, packed in one number.</summary>
internal readonly record struct AwardLocation
{
    private const int IndexBits = 24;
    private readonly long _packed;

    public AwardLocation(long pageNo, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pageNo);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, 1 << IndexBits);
        _packed = (pageNo << IndexBits) | (long)index;
    }

    public long PageNo => _packed >> IndexBits;

    public int Index => (int)(_packed & ((1 << IndexBits) - 1));
}
