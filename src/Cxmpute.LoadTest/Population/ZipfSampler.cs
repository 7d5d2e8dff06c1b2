namespace Cxmpute.LoadTest.Population;

/// <summary>
/// Zipf-distributed ranks: rank k (1-based) is drawn with probability proportional to 1 / k^s. The ranks map to account
/// indexes through a fixed permutation, so the busy accounts are spread over the referral forest rather than being its roots.
/// </summary>
internal sealed class ZipfSampler
{
    private readonly double[] _cdf;
    private readonly int[] _accountOfRank;

    public ZipfSampler(int count, double exponent, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegative(exponent);
        Exponent = exponent;
        _cdf = new double[count];
        var sum = 0.0;
        for (var k = 0; k < count; k++)
        {
            sum += 1.0 / Math.Pow(k + 1, exponent);
            _cdf[k] = sum;
        }

        for (var k = 0; k < count; k++)
        {
            _cdf[k] /= sum;
        }

        _accountOfRank = new int[count];
        for (var i = 0; i < count; i++)
        {
            _accountOfRank[i] = i;
        }

        var random = new SplitMix((ulong)seed ^ 0x5A17F00DUL);
        for (var i = count - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (_accountOfRank[i], _accountOfRank[j]) = (_accountOfRank[j], _accountOfRank[i]);
        }
    }

    public double Exponent { get; }

    public int Count => _cdf.Length;

    /// <summary>The probability of the account at <paramref name="rank"/> (0-based) being drawn.</summary>
    public double Probability(int rank) => rank == 0 ? _cdf[0] : _cdf[rank] - _cdf[rank - 1];

    /// <summary>The account index at a 0-based popularity rank.</summary>
    public int AccountAt(int rank) => _accountOfRank[rank];

    /// <summary>Maps a uniform draw in [0, 1) to a 0-based rank.</summary>
    public int Rank(double uniform)
    {
        var index = Array.BinarySearch(_cdf, uniform);
        index = index < 0 ? ~index : index + 1;
        return Math.Min(index, _cdf.Length - 1);
    }

    /// <summary>Maps a uniform draw in [0, 1) to an account index.</summary>
    public int Sample(double uniform) => _accountOfRank[Rank(uniform)];
}
