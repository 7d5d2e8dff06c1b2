using System.Text.RegularExpressions;

namespace Cxmpute.Abstractions;

/// <summary>Account id rules of the HTTP contract: <c>usr_…</c> for users, <c>prov_…</c> for providers.</summary>
public static partial class AccountIds
{
    public const string UserPrefix = "usr_";
    public const string ProviderPrefix = "prov_";

    [GeneratedRegex("^usr_[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserPattern();

    [GeneratedRegex("^prov_[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ProviderPattern();

    public static bool IsUser(string? id) => id is not null && UserPattern().IsMatch(id);

    public static bool IsProvider(string? id) => id is not null && ProviderPattern().IsMatch(id);

    public static bool IsValid(string? id) => IsUser(id) || IsProvider(id);

    /// <summary>True when both ids have the same kind prefix (users refer users, providers refer providers).</summary>
    public static bool SameKind(string a, string b) =>
        a.StartsWith(UserPrefix, StringComparison.Ordinal) == b.StartsWith(UserPrefix, StringComparison.Ordinal);
}
