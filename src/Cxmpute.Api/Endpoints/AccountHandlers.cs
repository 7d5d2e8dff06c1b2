using Cxmpute.Abstractions;
using Cxmpute.Api.Json;
using Cxmpute.Api.Problems;
using Cxmpute.Api.Responses;
using Cxmpute.Api.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cxmpute.Api.Endpoints;

/// <summary>What the user and provider routes share: applying a referral code, stats and history.</summary>
public static class AccountHandlers
{
    /// <summary>
    /// Checks in the contract's order: 400 (path id, body), <c>self_referral</c>, <c>referral_kind_mismatch</c>;
    /// the referral grain decides the rest (404, <c>referrer_already_set</c>, <c>referral_cycle</c>).
    /// </summary>
    public static async Task<Results<Ok<ReferralAppliedResponse>, ApiProblemResult>> ApplyReferralAsync(
        AccountKind kind, string accountId, HttpRequest request, IGrainFactory grains, long maxBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var errors = new FieldErrors();
        kind.Check(accountId, errors);
        var body = await JsonBody.ReadAsync(request, maxBodyBytes);
        if (body.Problem is { } refused)
        {
            return refused;
        }

        using var document = body.Document;
        var code = RequestValidators.ReferralCode(body.Root, errors);
        if (errors.Any || code is null)
        {
            return ApiProblems.Validation(errors);
        }

        if (string.Equals(code, accountId, StringComparison.Ordinal))
        {
            return ApiProblems.Create(StatusCodes.Status422UnprocessableEntity, ErrorCodes.SelfReferral,
                "An account cannot use its own referral code.");
        }

        if (!AccountIds.SameKind(code, accountId))
        {
            return ApiProblems.Create(StatusCodes.Status422UnprocessableEntity, ErrorCodes.ReferralKindMismatch,
                kind.IsProvider ? "A provider can only apply a provider code (prov_...)." : "A user can only apply a user code (usr_...).");
        }

        var outcome = await grains.GetGrain<IReferralGrain>(IReferralGrain.KeyFor(accountId)).ApplyAsync(accountId, code);
        return outcome.Result is { } applied
            ? TypedResults.Ok(ReferralAppliedResponse.From(applied))
            : ApiProblems.From(outcome.Error ?? new LedgerError(Problems.ApiErrorCodes.InternalError, "The referral grain returned neither a result nor an error."));
    }

    /// <summary>The account's stats view, or the problem: 400 for an id of the wrong kind, 404 for an account never seen.</summary>
    public static async Task<(AccountStatsView? Stats, ApiProblemResult? Problem)> GetStatsAsync(AccountKind kind, string accountId, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var errors = new FieldErrors();
        if (!kind.Check(accountId, errors))
        {
            return (null, ApiProblems.Validation(errors));
        }

        var stats = await grains.GetGrain<IAccountGrain>(accountId).GetStatsAsync();
        return stats is null ? (null, ApiProblems.AccountNotFound(accountId)) : (stats, null);
    }

    public static async Task<Results<Ok<LedgerPageResponse>, ApiProblemResult>> GetHistoryAsync(
        AccountKind kind, string accountId, string? limit, string? cursor, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var errors = new FieldErrors();
        kind.Check(accountId, errors);
        var pageSize = RequestValidators.Limit(limit, errors);
        var from = RequestValidators.Cursor(cursor, errors);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var page = await grains.GetGrain<IAccountGrain>(accountId).GetLedgerAsync(from, pageSize);
        return page is null ? ApiProblems.AccountNotFound(accountId) : TypedResults.Ok(LedgerPageResponse.From(page));
    }
}
