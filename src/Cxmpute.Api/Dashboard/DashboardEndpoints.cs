using Cxmpute.Api.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Cxmpute.Api.Dashboard;

/// <summary>
/// The account dashboard: the page at <c>/</c> (<c>/?account=usr_abc</c> or <c>/?account=prov_xyz</c>) and its files
/// under <c>/assets/</c>, all embedded in this assembly. Mapped wherever the API is (roles <c>combined</c> and
/// <c>frontend</c>); the page reads the API of the same origin.
/// </summary>
public static class DashboardEndpoints
{
    public const string AssetsPath = "/assets";

    /// <summary>
    /// Scripts, styles, pictures and connections from this origin only; no inline script, no framing. Chart.js sets
    /// canvas sizes through the CSSOM, which style-src does not restrict.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapCxmputeDashboard(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        endpoints.MapMethods("/", methods, (HttpContext context, DashboardAssets assets) => Serve(context, assets.Find(DashboardAssets.IndexPath)))
            .WithName("Dashboard")
            .ExcludeFromDescription();
        endpoints.MapMethods(AssetsPath + "/{**path}", methods, (string path, HttpContext context, DashboardAssets assets) =>
                Serve(context, path == DashboardAssets.IndexPath ? null : assets.Find(path)))
            .WithName("DashboardAsset")
            .ExcludeFromDescription();
        return endpoints;
    }

    public static IServiceCollection AddCxmputeDashboard(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName)
            .Validate(o => o.Heartbeat > TimeSpan.Zero, "Cxmpute:Dashboard:Heartbeat must be positive.")
            .Validate(o => o.Resubscribe > TimeSpan.Zero && o.Resubscribe < TimeSpan.FromMinutes(5),
                "Cxmpute:Dashboard:Resubscribe must be positive and under 5 minutes (the account grain forgets an observer after 5).")
            .Validate(o => o.MaxStreams >= 0, "Cxmpute:Dashboard:MaxStreams must not be negative.")
            .Validate(o => o.MaxStreamsPerAccount >= 0, "Cxmpute:Dashboard:MaxStreamsPerAccount must not be negative.")
            .Validate(o => o.ClientRetry > TimeSpan.Zero, "Cxmpute:Dashboard:ClientRetry must be positive.")
            .ValidateOnStart();
        services.AddSingleton(_ => DashboardAssets.FromEmbeddedResources());
        services.AddSingleton<EventStreamGate>();
        return services;
    }

    private static IResult Serve(HttpContext context, DashboardAsset? asset)
    {
        if (asset is null)
        {
            return ApiProblems.Create(StatusCodes.Status404NotFound, ApiErrorCodes.NotFound, "No such file.");
        }

        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache"; // revalidate with the ETag: a new build is seen at once
        headers.ETag = asset.ETag;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (asset.Path == DashboardAssets.IndexPath)
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
        }

        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag == asset.ETag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }
}
