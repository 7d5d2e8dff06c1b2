using System.Globalization;
using System.Threading.RateLimiting;
using Cxmpute.Api.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cxmpute.Api.Security;

/// <summary>A token bucket per valid API key (one shared bucket for requests without one); 429 with Retry-After.</summary>
public static class ApiRateLimiting
{
    public const string PolicyName = "per-api-key";

    public static IServiceCollection AddCxmputeRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 1;
                var problem = ApiProblems.Body(StatusCodes.Status429TooManyRequests, ApiErrorCodes.RateLimited,
                    $"Too many requests for this API key; retry after {seconds.ToString(CultureInfo.InvariantCulture)} s.");
                return new ValueTask(new ApiProblemResult(problem, seconds).ExecuteAsync(context.HttpContext));
            };
            limiter.AddPolicy(PolicyName, Partition);
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var services = context.RequestServices;
        var settings = services.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;
        var key = services.GetRequiredService<ApiKeyValidator>().Match(context.Request.Headers[ApiSecurityOptions.HeaderName]);
        var partition = key >= 0 ? "key:" + key.ToString(CultureInfo.InvariantCulture) : "anonymous";
        return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, settings.Burst),
            TokensPerPeriod = Math.Max(1, settings.PermitsPerSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
