using Cxmpute.Abstractions;
using Cxmpute.Api.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Cxmpute.Api.Security;

/// <summary>
/// Answers a refused request with the contract's problems instead of the schemes' bare challenges: no valid credential →
/// <c>401 unauthorized</c> (with <c>WWW-Authenticate: Bearer</c>), a valid credential that may not do this →
/// <c>403 forbidden</c>. The endpoint never runs, so nothing is read or changed.
/// </summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Succeeded)
        {
            return next(context);
        }

        if (authorizeResult.Forbidden && context.User.Identities.Any(identity => identity.IsAuthenticated))
        {
            return ApiProblems.Create(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                "This credential may not do this: a user token reads and changes only its own account.").ExecuteAsync(context);
        }

        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return ApiProblems.Unauthorized().ExecuteAsync(context);
    }
}
