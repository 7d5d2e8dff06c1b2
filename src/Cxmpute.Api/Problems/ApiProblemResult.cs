using System.Globalization;
using Cxmpute.Api.Json;
using Microsoft.AspNetCore.Http;

namespace Cxmpute.Api.Problems;

/// <summary>Writes an <see cref="ApiProblem"/> as <c>application/problem+json</c>, with <c>Retry-After</c> where one is due.</summary>
public sealed class ApiProblemResult(ApiProblem problem, int? retryAfterSeconds = null)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IValueHttpResult<ApiProblem>
{
    public const string ContentType = "application/problem+json";

    public ApiProblem Problem { get; } = problem;

    public int? RetryAfterSeconds { get; } = retryAfterSeconds;

    int? IStatusCodeHttpResult.StatusCode => Problem.Status;

    string IContentTypeHttpResult.ContentType => ContentType;

    ApiProblem IValueHttpResult<ApiProblem>.Value => Problem;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = Problem.Status;
        if (RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return response.WriteAsJsonAsync(Problem, ApiJsonContext.Default.ApiProblem, ContentType, httpContext.RequestAborted);
    }
}
