using System.Numerics;

namespace Cxmpute.Rewards.Tests;

/// <summary>
/// An independent exact-arithmetic oracle: a decimal as the fraction Numerator / 10^Scale in BigIntegers.
/// Comparing library results with it proves that no decimal step rounded.
/// </summary>
internal readonly record struct Exact(BigInteger Numerator, int Scale)
{
    public static Exact Of(decimal d)
    {
        var bits = decimal.GetBits(d);
        var magnitude = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        return new(bits[3] < 0 ? -magnitude : magnitude, (bits[3] >> 16) & 0xFF);
    }

    public static Exact operator *(Exact a, Exact b) => new(a.Numerator * b.Numerator, a.Scale + b.Scale);

    public static Exact operator +(Exact a, Exact b)
    {
        var scale = Math.Max(a.Scale, b.Scale);
        return new(a.At(scale) + b.At(scale), scale);
    }

    public static Exact operator *(long a, Exact b) => Of(a) * b;

    public bool ValueEquals(Exact other)
    {
        var scale = Math.Max(Scale, other.Scale);
        return At(scale) == other.At(scale);
    }

    private BigInteger At(int scale) => Numerator * BigInteger.Pow(10, scale - Scale);
}
