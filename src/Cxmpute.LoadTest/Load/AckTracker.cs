namespace Cxmpute.LoadTest.Load;

/// <summary>Which award indexes were acknowledged (200), as a thread-safe bit set; reconciliation sums exactly these.</summary>
internal sealed class AckTracker(long capacity)
{
    private readonly long[] _bits = new long[(capacity + 63) / 64];

    public long Capacity { get; } = capacity;

    /// <summary>Marks an index; false when it was already marked (a duplicate acknowledgement).</summary>
    public bool Mark(long index)
    {
        var mask = 1L << (int)(index & 63);
        return (Interlocked.Or(ref _bits[index >> 6], mask) & mask) == 0;
    }

    public bool IsMarked(long index) => (Volatile.Read(ref _bits[index >> 6]) & (1L << (int)(index & 63))) != 0;

    public IEnumerable<long> Marked()
    {
        for (long word = 0; word < _bits.Length; word++)
        {
            var bits = _bits[word];
            while (bits != 0)
            {
                var bit = System.Numerics.BitOperations.TrailingZeroCount(bits);
                yield return (word << 6) + bit;
                bits &= bits - 1;
            }
        }
    }
}
