using Cxmpute.Api.Endpoints;
using Cxmpute.Api.Problems;
using Cxmpute.Api.Security;
using Cxmpute.Api.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cxmpute.Api.Dashboard;

/// <summary>
/// <c>GET /api/user/{userId}/events</c> and <c>GET /api/providers/{providerId}/events</c>: server-sent events telling a
/// page that the account changed. Under <c>/api</c>: the account-reader policy and rate limiting apply.
/// An account never seen subscribes too: its first credit or registration notifies.
/// </summary>
public static class AccountEventsApi
{
    public static IEndpointRouteBuilder MapAccountEventsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/user/{userId}/events", (string userId) => Open(AccountKind.User, userId))
            .WithTags("Users")
            .WithName("GetUserEvents")
            .RequireAuthorization(AccessPolicies.AccountReader)
            .WithSummary("Server-sent events: `changed` whenever the user's figures change")
            .Produces<string>(StatusCodes.Status200OK, AccountEventStream.ContentType)
            .ProducesReadProblems();

        api.MapGet("/providers/{providerId}/events", (string providerId) => Open(AccountKind.Provider, providerId))
            .WithTags("Providers")
            .WithName("GetProviderEvents")
            .RequireAuthorization(AccessPolicies.AccountReader)
            .WithSummary("Server-sent events: `changed` whenever the provider's figures change")
            .Produces<string>(StatusCodes.Status200OK, AccountEventStream.ContentType)
            .ProducesReadProblems();

        return api;
    }

    public static IResult Open(AccountKind kind, string accountId)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var errors = new FieldErrors();
        return kind.Check(accountId, errors) ? new AccountEventStream(accountId) : ApiProblems.Validation(errors);
    }
}
