using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cxmpute.Api.Tests.Infrastructure;

/// <summary>
/// Mints end-user JWTs the way the platform does (HMAC-SHA256, issuer, audience, <c>sub</c> = account id, <c>exp</c>), and
/// the broken ones the access tests present: expired, signed with another key, for another audience.
/// </summary>
public static class TestTokens
{
    public const string Issuer = "https://platform.cxmpute.test";
    public const string Audience = "cxmpute-rewards";
    public const string SigningKey = "test-signing-key-3f9a1c7e5b2d4a6c8e0f1a3b5c7d9e1f";
    public const string OtherSigningKey = "other-signing-key-0000000000000000000000000000000";

    /// <summary>The settings that turn user tokens on and public reads off.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Settings(bool publicReads = false) =>
    [
        new("Cxmpute:UserTokens:Issuer", Issuer),
        new("Cxmpute:UserTokens:Audience", Audience),
        new("Cxmpute:UserTokens:SigningKey", SigningKey),
        new("Cxmpute:PublicReads", publicReads ? "true" : "false"),
    ];

    public static string For(string accountId, TimeSpan? lifetime = null, string signingKey = SigningKey, string audience = Audience,
        string issuer = Issuer, bool withExpiry = true)
    {
        var now = DateTime.UtcNow;
        var life = lifetime ?? TimeSpan.FromMinutes(10);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", accountId)]),
            IssuedAt = life < TimeSpan.Zero ? now + life - TimeSpan.FromMinutes(5) : now,
            NotBefore = life < TimeSpan.Zero ? now + life - TimeSpan.FromMinutes(5) : now,
            Expires = withExpiry ? now + life : null,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        };
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = withExpiry };
        return handler.CreateToken(descriptor);
    }

    public static string Expired(string accountId) => For(accountId, lifetime: TimeSpan.FromMinutes(-10));
}
