using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Cxmpute.Api.Security;

/// <summary>
/// Grants <see cref="AccountAccessRequirement"/> to the gateway, to a user token for the route's account, and (for reads,
/// with public reads on) to a request that carries no credential header at all: a wrong or expired credential is never
/// downgraded to an anonymous read.
/// </summary>
public sealed class AccountAccessHandler(IOptionsMonitor<ApiSecurityOptions> options) : AuthorizationHandler<AccountAccessRequirement>
{
    public static readonly string[] AccountRouteValues = ["userId", "providerId"];

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AccountAccessRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        var http = context.Resource as HttpContext;
        if (context.User.GatewayKey() is not null
            || (http is not null && context.User.Account() is { } account && string.Equals(account, RouteAccount(http), StringComparison.Ordinal))
            || (requirement.AllowsPublicReads && options.CurrentValue.PublicReads && http is not null && !HasCredential(http.Request)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    public static string? RouteAccount(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return AccountRouteValues.Select(name => http.GetRouteValue(name) as string).FirstOrDefault(value => value is not null);
    }

    private static bool HasCredential(HttpRequest request) =>
        request.Headers.ContainsKey(ApiSecurityOptions.HeaderName) || request.Headers.ContainsKey(HeaderNames.Authorization);
}
