using System.Globalization;

namespace Cxmpute.Grains.Storage.Ledger;

/// <summary>Where a sealed ledger page is: a byte range of one ledger segment.</summary>
public readonly record struct PageLocation(string Segment, long Offset, int Length)
{
    /// <summary>The location as one string (<c>segment|offset|length</c>), as snapshots, page headers and cursors keep it.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Segment}|{Offset}|{Length}");

    public static PageLocation? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var parts = text.Split('|');
        return parts.Length == 3
            && parts[0].Length > 0
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            && length > 0
                ? new PageLocation(parts[0], offset, length)
                : null;
    }
}
