using Cxmpute.Api.Dashboard;
using Cxmpute.Api.Endpoints;
using Cxmpute.Api.Problems;
using Cxmpute.Api.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cxmpute.Api;

/// <summary>Middleware and endpoint mapping of the HTTP edge.</summary>
public static class CxmputeApiEndpoints
{
    /// <summary>
    /// Every error as <c>application/problem+json</c>: exceptions (cluster or storage failures → 503 with Retry-After, others →
    /// a bare 500) and empty error responses such as an unknown route (404) or method (405).
    /// </summary>
    public static IApplicationBuilder UseCxmputeErrors(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(context =>
        {
            var status = context.HttpContext.Response.StatusCode;
            var code = status switch
            {
                StatusCodes.Status404NotFound => ApiErrorCodes.NotFound,
                StatusCodes.Status405MethodNotAllowed => ApiErrorCodes.MethodNotAllowed,
                StatusCodes.Status413PayloadTooLarge => ApiErrorCodes.PayloadTooLarge,
                _ => ReasonPhrases.GetReasonPhrase(status).Replace(' ', '_').ToLowerInvariant(),
            };
            return ApiProblems.Create(status, code, ReasonPhrases.GetReasonPhrase(status) + ".").ExecuteAsync(context.HttpContext);
        });
        return app;
    }

    /// <summary>
    /// Authentication (who the caller is), then the rate limiter when any limit is on (it partitions by caller), then
    /// authorization (the endpoints' policies).
    /// </summary>
    public static IApplicationBuilder UseCxmputeAccess(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        if (app.ApplicationServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.Any)
        {
            app.UseRateLimiter();
        }

        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Maps every route of the contract under <c>/api</c> (with the dashboard's event streams), the OpenAPI document at
    /// <c>/openapi/v1.json</c>, and the dashboard page at <c>/</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapCxmputeApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api");
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<RateLimitOptions>>().Value.Any)
        {
            api.RequireRateLimiting(ApiRateLimiting.PolicyName);
        }

        api.MapAwardsApi();
        api.MapProvidersApi();
        api.MapUsersApi();
        api.MapAccountEventsApi();
        endpoints.MapOpenApi();
        endpoints.MapCxmputeDashboard();
        return endpoints;
    }

    /// <summary><c>/health/live</c>: 200 while the process runs. <c>/health/ready</c>: 200 only when the cluster and storage answer.</summary>
    public static IEndpointRouteBuilder MapCxmputeHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(CxmputeApiServices.ReadyTag) });
        return endpoints;
    }
}
