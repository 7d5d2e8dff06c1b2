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
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Cxmpute.Api.Endpoints;

/// <summary><c>POST /api/awards</c> and <c>POST /api/awards/batch</c>.</summary>
public static class AwardsApi
{
    public static RouteGroupBuilder MapAwardsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/awards").WithTags("Awards").RequireAuthorization(AccessPolicies.Gateway);

        group.MapPost("", PostAward)
            .WithName("PostAward")
            .WithSummary("Award one served request")
            .AcceptsJson<AwardBody>()
            .ProducesCommonProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/batch", PostBatch)
            .WithName("PostAwardBatch")
            .WithSummary("Award up to 1,000 served requests; each succeeds or fails on its own")
            .AcceptsJson<AwardBatchBody>()
            .ProducesCommonProblems();

        return group;
    }

    public static async Task<Results<Ok<AwardResponse>, ApiProblemResult>> PostAward(
        HttpRequest request, IGrainFactory grains, ApiClock clock, IOptionsSnapshot<ApiLimitsOptions> limits)
    {
        var body = await JsonBody.ReadAsync(request, limits.Value.MaxBodyBytes);
        if (body.Problem is { } refused)
        {
            return refused;
        }

        using var document = body.Document;
        var errors = new FieldErrors();
        var award = body.Root is { } root ? AwardValidator.Validate(root, clock.GetUtcNow(), errors) : Missing(errors);
        if (award is null)
        {
            return ApiProblems.Validation(errors);
        }

        var outcomes = await grains.GetGrain<IAwardIngressGrain>(0).SubmitAsync([award]);
        var outcome = outcomes.Single();
        return outcome.Result is { } result ? TypedResults.Ok(AwardResponse.From(result)) : ApiProblems.From(ErrorOf(outcome));
    }

    public static async Task<Results<Ok<AwardBatchResponse>, ApiProblemResult>> PostBatch(
        HttpRequest request, IGrainFactory grains, ApiClock clock, IOptionsSnapshot<ApiLimitsOptions> limits)
    {
        var body = await JsonBody.ReadAsync(request, limits.Value.MaxBatchBodyBytes);
        if (body.Problem is { } refused)
        {
            return refused;
        }

        using var document = body.Document;
        var errors = new FieldErrors();
        var batch = body.Root is { } root ? AwardBatch.Read(root, clock.GetUtcNow(), errors) : null;
        if (batch is null)
        {
            if (!errors.Any)
            {
                errors.Add("awards", "Required: an array of at most 1000 awards.");
            }

            return ApiProblems.Validation(errors);
        }

        if (batch.Valid.Count > 0)
        {
            var outcomes = await grains.GetGrain<IAwardIngressGrain>(0).SubmitAsync(batch.Valid);
            batch.Merge(outcomes, outcome => outcome.Result is { } result
                ? AwardBatchItem.Ok(0, AwardResponse.From(result))
                : AwardBatchItem.Failed(0, ApiProblems.BodyFrom(ErrorOf(outcome))));
        }

        return TypedResults.Ok(new AwardBatchResponse(batch.Results()));
    }

    private static AwardRequest? Missing(FieldErrors errors)
    {
        errors.Add("body", "A JSON object is required.");
        return null;
    }

    private static LedgerError ErrorOf(AwardOutcome outcome) =>
        outcome.Error ?? new LedgerError(ApiErrorCodes.InternalError, "The ledger returned neither a result nor an error.");
}
