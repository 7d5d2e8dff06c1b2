using System.Text.RegularExpressions;

namespace Cxmpute.Api.Validation;

/// <summary>The idempotency key of an award: 1–128 of <c>[A-Za-z0-9._:-]</c>.</summary>
public static partial class AwardIds
{
    public const int MaxLength = 128;

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? awardId) => awardId is not null && Pattern().IsMatch(awardId);
}
