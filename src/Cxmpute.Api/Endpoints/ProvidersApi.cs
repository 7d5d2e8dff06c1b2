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

/// <summary>Provider routes under <c>/api/providers/{providerId}</c>.</summary>
public static class ProvidersApi
{
    public static RouteGroupBuilder MapProvidersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/providers/{providerId}").WithTags("Providers");

        group.MapPut("", RegisterAsync)
            .WithName("RegisterProvider")
            .RequireAuthorization(AccessPolicies.Gateway)
            .WithSummary("Register (or re-register) a provider's hardware")
            .AcceptsJson<RegisterProviderBody>()
            .ProducesCommonProblems();

        group.MapPost("/referral", ApplyReferralAsync)
            .WithName("ApplyProviderReferral")
            .RequireAuthorization(AccessPolicies.AccountOwner)
            .WithSummary("Apply a provider's referral code (once, permanently)")
            .AcceptsJson<ApplyReferralBody>()
            .ProducesCommonProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/referral-stats", GetStatsAsync)
            .WithName("GetProviderReferralStats")
            .RequireAuthorization(AccessPolicies.AccountReader)
            .WithSummary("A provider's earnings, referral network and 30-day history")
            .ProducesReadProblems();

        group.MapGet("/rewards", GetHistoryAsync)
            .WithName("GetProviderRewards")
            .RequireAuthorization(AccessPolicies.AccountReader)
            .WithSummary("A provider's ledger entries, newest first, paged with an opaque cursor")
            .ProducesReadProblems();

        return group;
    }

    public static async Task<Results<Ok<ProviderRegisteredResponse>, ApiProblemResult>> RegisterAsync(
        string providerId, HttpRequest request, IGrainFactory grains, IOptionsSnapshot<ApiLimitsOptions> limits)
    {
        var errors = new FieldErrors();
        AccountKind.Provider.Check(providerId, errors);
        var body = await JsonBody.ReadAsync(request, limits.Value.MaxBodyBytes);
        if (body.Problem is { } refused)
        {
            return refused;
        }

        using var document = body.Document;
        var vramGb = RequestValidators.VramGb(body.Root, errors);
        if (errors.Any || vramGb is not { } vram)
        {
            return ApiProblems.Validation(errors);
        }

        var registration = await grains.GetGrain<IAccountGrain>(providerId).RegisterProviderAsync(vram);
        return TypedResults.Ok(ProviderRegisteredResponse.From(registration));
    }

    public static Task<Results<Ok<ReferralAppliedResponse>, ApiProblemResult>> ApplyReferralAsync(
        string providerId, HttpRequest request, IGrainFactory grains, IOptionsSnapshot<ApiLimitsOptions> limits) =>
        AccountHandlers.ApplyReferralAsync(AccountKind.Provider, providerId, request, grains, limits.Value.MaxBodyBytes);

    public static async Task<Results<Ok<ProviderStatsResponse>, ApiProblemResult>> GetStatsAsync(string providerId, IGrainFactory grains)
    {
        var (stats, problem) = await AccountHandlers.GetStatsAsync(AccountKind.Provider, providerId, grains);
        return stats is null ? problem! : TypedResults.Ok(ProviderStatsResponse.From(stats));
    }

    public static Task<Results<Ok<LedgerPageResponse>, ApiProblemResult>> GetHistoryAsync(
        string providerId, [FromQuery] string? limit, [FromQuery] string? cursor, IGrainFactory grains) =>
        AccountHandlers.GetHistoryAsync(AccountKind.Provider, providerId, limit, cursor, grains);
}
