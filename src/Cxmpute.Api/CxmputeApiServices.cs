using Cxmpute.Api.Dashboard;
using Cxmpute.Api.Health;
using Cxmpute.Api.Json;
using Cxmpute.Api.Problems;
using Cxmpute.Api.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cxmpute.Api;

/// <summary>Service registration of the HTTP edge.</summary>
public static class CxmputeApiServices
{
    /// <summary>The tag of the health checks that <c>/health/ready</c> runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Everything the HTTP edge needs in every role: API keys, problem details, error handling, health, the clock.</summary>
    public static IHostApplicationBuilder AddCxmputeEdge(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ApiSecurityOptions>().BindConfiguration(ApiSecurityOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiSecurityOptions>, ApiSecurityOptionsValidator>());
        services.TryAddSingleton<ApiKeyValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new ApiClock(TimeProvider.System));
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("orleans-cluster", HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(5));
        return builder;
    }

    /// <summary>The API itself: the edge, body limits, JSON, OpenAPI, optional rate limiting and the dashboard page.</summary>
    public static IHostApplicationBuilder AddCxmputeApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddCxmputeEdge();
        var services = builder.Services;
        services.AddOptions<ApiLimitsOptions>().BindConfiguration(ApiLimitsOptions.SectionName);
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName);
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        services.AddCxmputeAuthentication();
        services.AddCxmputeRateLimiting();
        services.AddOpenApi(options =>
        {
            // The public API only: the Orleans Dashboard's routes (under /dashboard in the silo roles) are not part of it.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer<ApiDocumentTransformer>();
            options.AddDocumentTransformer<UserTokenOpenApi>();
            options.AddOperationTransformer<UserTokenOpenApi>();
            options.AddDocumentTransformer<PublicApiDocumentTransformer>();
            options.AddSchemaTransformer<ExactNumberSchemaTransformer>();
            options.AddSchemaTransformer<RequiredMembersSchemaTransformer>();
        });
        services.AddCxmputeDashboard();
        return builder;
    }
}
