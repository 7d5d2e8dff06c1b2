using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cxmpute.Api.Problems;

/// <summary>
/// Turns an exception escaping an endpoint into a problem document: cluster and storage failures become
/// <c>503 unavailable</c> with <c>Retry-After</c>; anything else a bare <c>500</c>. No stack trace reaches the client.
/// </summary>
public sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true; // the client went away; nothing to answer
        }

        ApiProblemResult result;
        if (TransientFailures.IsTransient(exception))
        {
            LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
            result = ApiProblems.Unavailable();
        }
        else
        {
            LogFailed(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
            result = ApiProblems.Internal();
        }

        await result.ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path}: cluster or storage unavailable; answered 503")]
    private static partial void LogUnavailable(ILogger logger, string method, PathString path, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed; answered 500")]
    private static partial void LogFailed(ILogger logger, string method, PathString path, Exception exception);
}
