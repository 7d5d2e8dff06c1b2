using Cxmpute.Abstractions;

namespace Cxmpute.Api.Validation;

/// <summary>Users and providers: which id pattern a path accepts and what the path parameter is called.</summary>
public sealed class AccountKind
{
    /// <summary>The longest valid id: <c>prov_</c> plus 64 characters.</summary>
    public const int MaxIdLength = 69;

    private AccountKind(string parameter, string pattern, Func<string?, bool> matches)
    {
        Parameter = parameter;
        Pattern = pattern;
        Matches = matches;
    }

    public static AccountKind User { get; } = new("userId", "usr_ followed by 1-64 of [A-Za-z0-9_-]", AccountIds.IsUser);

    public static AccountKind Provider { get; } = new("providerId", "prov_ followed by 1-64 of [A-Za-z0-9_-]", AccountIds.IsProvider);

    /// <summary>The name of the id field in paths and bodies (<c>userId</c> / <c>providerId</c>).</summary>
    public string Parameter { get; }

    public string Pattern { get; }

    public Func<string?, bool> Matches { get; }

    public bool IsProvider => ReferenceEquals(this, Provider);

    /// <summary>Records an error on <see cref="Parameter"/> unless <paramref name="id"/> is an id of this kind.</summary>
    public bool Check(string? id, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (Matches(id))
        {
            return true;
        }

        errors.Add(Parameter, $"Must be a {(IsProvider ? "provider" : "user")} id: {Pattern}.");
        return false;
    }
}
