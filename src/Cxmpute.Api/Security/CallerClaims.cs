using System.Security.Claims;

namespace Cxmpute.Api.Security;

/// <summary>What an authenticated caller is: the gateway (by key) or an end user (by the token's <c>sub</c>).</summary>
public static class CallerClaims
{
    /// <summary>Set for the gateway key; its value is the index of the matching key.</summary>
    public const string Gateway = "cxmpute:gateway-key";

    /// <summary>The account a user token speaks for (JWT <c>sub</c>, read without claim mapping).</summary>
    public const string Subject = "sub";

    public static string? GatewayKey(this ClaimsPrincipal user) => user.FindFirst(Gateway)?.Value;

    /// <summary>The account of an end user's token, or null for the gateway and for anonymous callers.</summary>
    public static string? Account(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.GatewayKey() is null && user.Identity?.IsAuthenticated == true ? user.FindFirst(Subject)?.Value : null;
    }
}
