using System.Text;

namespace Cxmpute.Testing;

/// <summary>Unique, valid Azure Table names: letters and digits only, 3–63 characters, not starting with a digit.</summary>
public static class TableNames
{
    public const int MaxLength = 63;
    private const int SuffixLength = 16;

    /// <summary>
    /// <paramref name="prefix"/> with everything but ASCII letters and digits removed (a leading "t" is added
    /// when it would start with a digit or be empty, and it is cut to fit), followed by 16 random hex digits.
    /// </summary>
    public static string New(string prefix = "t")
    {
        var sb = new StringBuilder(MaxLength);
        foreach (var c in prefix ?? string.Empty)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
        }

        if (sb.Length == 0 || char.IsAsciiDigit(sb[0]))
        {
            sb.Insert(0, 't');
        }

        if (sb.Length > MaxLength - SuffixLength)
        {
            sb.Length = MaxLength - SuffixLength;
        }

        sb.Append(Guid.NewGuid().ToString("N").AsSpan(0, SuffixLength));
        return sb.ToString();
    }

    /// <summary>True when <paramref name="name"/> is a valid Azure Table name.</summary>
    public static bool IsValid(string name) =>
        name is { Length: >= 3 and <= MaxLength }
        && char.IsAsciiLetter(name[0])
        && name.All(char.IsAsciiLetterOrDigit);
}
