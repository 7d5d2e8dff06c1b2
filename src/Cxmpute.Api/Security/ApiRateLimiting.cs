using System.Globalization;
using System.Threading.RateLimiting;
using Cxmpute.Api.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cxmpute.Api.Security;

/// <summary>
/// A token bucket per gateway key (when enabled), per end-user account, and per client address for callers without a
/// valid credential; 429 with Retry-After. Runs after authentication, so the caller is known.
/// </summary>
public static class ApiRateLimiting
{
    public const string PolicyName = "per-caller";

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
                    $"Too many requests from this caller; retry after {seconds.ToString(CultureInfo.InvariantCulture)} s.");
                return new ValueTask(new ApiProblemResult(problem, seconds).ExecuteAsync(context.HttpContext));
            };
            limiter.AddPolicy(PolicyName, Partition);
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var settings = context.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;
        var user = context.User;
        if (user.GatewayKey() is { } key)
        {
            return settings.Enabled
                ? Bucket("key:" + key, settings.PermitsPerSecond, settings.Burst)
                : RateLimitPartition.GetNoLimiter("gateway");
        }

        if (!settings.LimitUsers)
        {
            return RateLimitPartition.GetNoLimiter("users");
        }

        var partition = user.Account() is { } account
            ? "account:" + account
            : "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return Bucket(partition, settings.UserPermitsPerSecond, settings.UserBurst);
    }

    private static RateLimitPartition<string> Bucket(string partition, int permitsPerSecond, int burst) =>
        RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = Math.Max(1, permitsPerSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}
