using Cxmpute.Abstractions;
using Cxmpute.Api.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Cxmpute.Api.Problems;

/// <summary>The problem documents of the contract, one factory per error row.</summary>
public static class ApiProblems
{
    /// <summary>Seconds a client should wait before retrying after <c>503 unavailable</c>.</summary>
    public const int UnavailableRetryAfterSeconds = 1;

    public static ApiProblemResult Validation(FieldErrors errors) => new(ValidationBody(errors));

    public static ApiProblem ValidationBody(FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var fields = errors.ToDictionary();
        var detail = fields.Count == 1
            ? $"The request is invalid: {fields.Keys.First()}."
            : $"The request is invalid: {string.Join(", ", fields.Keys)}.";
        return Body(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, detail, fields);
    }

    public static ApiProblemResult Unauthorized() =>
        Create(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "A valid X-Api-Key header is required.");

    public static ApiProblemResult AccountNotFound(string accountId) =>
        Create(StatusCodes.Status404NotFound, ErrorCodes.AccountNotFound, $"No account {accountId} has been seen.");

    public static ApiProblemResult PayloadTooLarge(long limit) =>
        Create(StatusCodes.Status413PayloadTooLarge, ApiErrorCodes.PayloadTooLarge, $"The request body exceeds {limit} bytes.");

    public static ApiProblemResult Unavailable(string detail = "The ledger is unavailable; nothing was applied. Retry with the same request.") =>
        new(Body(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, detail), UnavailableRetryAfterSeconds);

    public static ApiProblemResult Internal() =>
        Create(StatusCodes.Status500InternalServerError, ApiErrorCodes.InternalError, "An unexpected error occurred.");

    public static ApiProblemResult Create(int status, string code, string detail) => new(Body(status, code, detail));

    /// <summary>The problem for a business error returned by a grain.</summary>
    public static ApiProblemResult From(LedgerError error)
    {
        var problem = BodyFrom(error);
        return new(problem, problem.Status == StatusCodes.Status503ServiceUnavailable ? UnavailableRetryAfterSeconds : null);
    }

    public static ApiProblem BodyFrom(LedgerError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = ErrorStatus.For(error.Code);
        if (status == StatusCodes.Status400BadRequest)
        {
            var errors = new FieldErrors();
            errors.Add(error.Field ?? "body", error.Detail);
            return Body(status, error.Code, error.Detail, errors.ToDictionary());
        }

        return Body(status, error.Code, error.Detail);
    }

    public static ApiProblem Body(int status, string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new("about:blank", ReasonPhrases.GetReasonPhrase(status), status, detail, code, errors);
}
