using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cxmpute.Api.Security;

/// <summary>
/// The gateway's credential: a valid <c>X-Api-Key</c> signs the caller in as the gateway (claim
/// <see cref="CallerClaims.Gateway"/>, with the index of the matching key for rate limiting). A wrong key fails; no
/// header is no result. The key itself is neither logged nor kept in the principal.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyValidator keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiSecurityOptions.HeaderName, out var presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var index = keys.Match(presented);
        if (index < 0)
        {
            return Task.FromResult(AuthenticateResult.Fail("The X-Api-Key header does not match a configured key."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(CallerClaims.Gateway, index.ToString(CultureInfo.InvariantCulture))], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
