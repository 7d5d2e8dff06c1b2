using Cxmpute.Abstractions;
using Cxmpute.Api.Json;
using Cxmpute.Api.Problems;
using Cxmpute.Api.Requests;
using Cxmpute.Api.Responses;
using Cxmpute.Api.Security;
using Cxmpute.Api.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Cxmpute.Api.Endpoints;

/// <summary>User routes under <c>/api/user/{userId}</c> (singular, as in the source document).</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/user/{userId}").WithTags("Users");

        group.MapPut("", RegisterAsync)
            .WithName("RegisterUser")
            .RequireAuthorization(AccessPolicies.Gateway)
            .WithSummary("Create a user account (idempotent)")
            .AcceptsJson<RegisterUserBody>(required: false)
            .ProducesCommonProblems();

        group.MapPost("/referral", ApplyReferralAsync)
            .WithName("ApplyUserReferral")
            .RequireAuthorization(AccessPolicies.AccountOwner)
            .WithSummary("Apply a user's referral code (once, permanently)")
            .AcceptsJson<ApplyReferralBody>()
            .ProducesCommonProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/referral-stats", GetStatsAsync)
            .WithName("GetUserReferralStats")
            .RequireAuthorization(AccessPolicies.AccountReader)
            .WithSummary("A user's usage points, referral network and 30-day history")
            .ProducesReadProblems();

        group.MapGet("/rewards", GetHistoryAsync)
            .WithName("GetUserRewards")
            .RequireAuthorization(AccessPolicies.AccountReader)
            .WithSummary("A user's ledger entries, newest first, paged with an opaque cursor")
            .ProducesReadProblems();

        return group;
    }

    public static async Task<Results<Ok<UserRegisteredResponse>, ApiProblemResult>> RegisterAsync(
        string userId, HttpRequest request, IGrainFactory grains, IOptionsSnapshot<ApiLimitsOptions> limits)
    {
        var errors = new FieldErrors();
        AccountKind.User.Check(userId, errors);
        var body = await JsonBody.ReadAsync(request, limits.Value.MaxBodyBytes);
        if (body.Problem is { } refused)
        {
            return refused;
        }

        using var document = body.Document;
        RequestValidators.EmptyObject(body.Root, errors);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        await grains.GetGrain<IAccountGrain>(userId).EnsureUserAsync();
        return TypedResults.Ok(new UserRegisteredResponse(userId));
    }

    public static Task<Results<Ok<ReferralAppliedResponse>, ApiProblemResult>> ApplyReferralAsync(
        string userId, HttpRequest request, IGrainFactory grains, IOptionsSnapshot<ApiLimitsOptions> limits) =>
        AccountHandlers.ApplyReferralAsync(AccountKind.User, userId, request, grains, limits.Value.MaxBodyBytes);

    public static async Task<Results<Ok<UserStatsResponse>, ApiProblemResult>> GetStatsAsync(string userId, IGrainFactory grains)
    {
        var (stats, problem) = await AccountHandlers.GetStatsAsync(AccountKind.User, userId, grains);
        return stats is null ? problem! : TypedResults.Ok(UserStatsResponse.From(stats));
    }

    public static Task<Results<Ok<LedgerPageResponse>, ApiProblemResult>> GetHistoryAsync(
        string userId, [FromQuery] string? limit, [FromQuery] string? cursor, IGrainFactory grains) =>
        AccountHandlers.GetHistoryAsync(AccountKind.User, userId, limit, cursor, grains);
}
