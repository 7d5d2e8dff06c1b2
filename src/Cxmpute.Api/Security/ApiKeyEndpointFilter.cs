using Cxmpute.Api.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cxmpute.Api.Security;

/// <summary>
/// Refuses a write under <c>/api</c> (and a read when <c>RequireKeyForReads</c>) without a valid <c>X-Api-Key</c>:
/// <c>401 unauthorized</c>, decided before the handler reads the body.
/// </summary>
public sealed class ApiKeyEndpointFilter(ApiKeyValidator keys, IOptionsMonitor<ApiSecurityOptions> options) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        var isRead = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method);
        if ((isRead && !options.CurrentValue.RequireKeyForReads) || keys.IsValid(request.Headers[ApiSecurityOptions.HeaderName]))
        {
            return next(context);
        }

        return ValueTask.FromResult<object?>(ApiProblems.Unauthorized());
    }
}
