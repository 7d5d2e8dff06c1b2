namespace Cxmpute.LoadTest.Population;

/// <summary>
/// SplitMix64: a tiny counter-based generator. Hashing (seed, index) gives every award its own reproducible stream, so
/// the schedule does not depend on how many workers send it or in which order.
/// </summary>
internal struct SplitMix
{
    private ulong _state;

    public SplitMix(ulong seed) => _state = seed;

    public static SplitMix For(long seed, long stream, long index) =>
        new(Mix(unchecked(((ulong)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)stream * 0xD1B54A32D192ED03UL) ^ (ulong)index)));

    public ulong Next() => Mix(_state += 0x9E3779B97F4A7C15UL);

    /// <summary>A double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer in [0, n).</summary>
    public int NextInt(int n) => (int)((Next() >> 33) * (ulong)n >> 31);

    public int NextInt(int min, int maxExclusive) => min + NextInt(maxExclusive - min);

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
