namespace Cxmpute.Api.Security;

/// <summary>
/// End-user tokens (section <c>Cxmpute:UserTokens</c>): JWTs the platform issues, signed with HMAC-SHA256 under
/// <see cref="SigningKey"/>, from <see cref="Issuer"/> for <see cref="Audience"/>, with <c>sub</c> the account id and
/// <c>exp</c> required. End-user access is configured when any of the three is set.
/// </summary>
public sealed class UserTokenOptions
{
    public const string SectionName = "Cxmpute:UserTokens";

    /// <summary>The shortest signing key accepted: 256 bits for HMAC-SHA256.</summary>
    public const int MinimumSigningKeyLength = 32;

    public string? Issuer { get; set; }

    public string? Audience { get; set; }

    /// <summary>The shared HMAC key (UTF-8); the environment variable <c>CXMPUTE_TOKEN_SIGNING_KEY</c> sets it.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How far a token's <c>exp</c> and <c>nbf</c> may be off the clock. Default 30 s.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(Issuer) || !string.IsNullOrWhiteSpace(Audience) || !string.IsNullOrWhiteSpace(SigningKey);
}
