using System.Globalization;
using System.Numerics;

namespace Cxmpute.Rewards.Internal;

/// <summary>
/// An arbitrary-precision decimal, <c>Mantissa × 10^-Scale</c>, used to prove that
/// <see cref="decimal"/> arithmetic on the schedule never rounds or overflows.
/// </summary>
internal readonly struct ExactDecimal(BigInteger mantissa, int scale)
{
    private const int MaxDecimalScale = 28;
    private const int MaxParsedScale = 1000;
    private static readonly BigInteger MaxDecimalMantissa = (BigInteger.One << 96) - 1;

    public BigInteger Mantissa { get; } = mantissa;

    public int Scale { get; } = scale;

    /// <summary>
    /// Whether <see cref="decimal"/> holds this value with this very scale. When the exact result of a
    /// decimal multiplication or addition fits like this, the decimal operation returns it unrounded.
    /// </summary>
    public bool FitsDecimalAsIs => Scale is >= 0 and <= MaxDecimalScale && BigInteger.Abs(Mantissa) <= MaxDecimalMantissa;

    public static ExactDecimal From(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        return new(bits[3] < 0 ? -mantissa : mantissa, (bits[3] >> 16) & 0xFF);
    }

    public static ExactDecimal operator *(ExactDecimal a, ExactDecimal b) =>
        new(a.Mantissa * b.Mantissa, a.Scale + b.Scale);

    public static ExactDecimal operator +(ExactDecimal a, ExactDecimal b)
    {
        var scale = Math.Max(a.Scale, b.Scale);
        return new(a.Rescaled(scale) + b.Rescaled(scale), scale);
    }

    /// <summary>Parses the text of a JSON number (already validated by the JSON reader) exactly.</summary>
    public static bool TryParseJsonNumber(string text, out ExactDecimal value)
    {
        value = default;
        var negative = text.StartsWith('-');
        var body = negative ? text[1..] : text;
        long exponent = 0;
        var e = body.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            if (!long.TryParse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            {
                return false;
            }

            body = body[..e];
        }

        var dot = body.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? body : string.Concat(body.AsSpan(0, dot), body.AsSpan(dot + 1));
        long scale = (dot < 0 ? 0 : body.Length - dot - 1) - exponent;
        if (!BigInteger.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var mantissa))
        {
            return false;
        }

        if (mantissa.IsZero)
        {
            return true;
        }

        if (Math.Abs(scale) > MaxParsedScale)
        {
            return false;
        }

        value = new(negative ? -mantissa : mantissa, (int)scale);
        return true;
    }

    /// <summary>Whether both denote the same number, whatever their scales.</summary>
    public bool SameValueAs(ExactDecimal other)
    {
        var scale = Math.Max(Scale, other.Scale);
        return Rescaled(scale) == other.Rescaled(scale);
    }

    public override string ToString() =>
        $"{Mantissa.ToString(CultureInfo.InvariantCulture)}e-{Scale.ToString(CultureInfo.InvariantCulture)}";

    private BigInteger Rescaled(int scale) => Mantissa * BigInteger.Pow(10, scale - Scale);
}
