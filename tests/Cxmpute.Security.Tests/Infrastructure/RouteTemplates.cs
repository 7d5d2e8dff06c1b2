using Cxmpute.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Cxmpute.Security.Tests.Infrastructure;

/// <summary>Every route a running host serves, as found in its endpoint data source, turned into concrete paths.</summary>
internal static class RouteTemplates
{
    public static IReadOnlyList<(string Method, RoutePattern Pattern)> All(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST", "PUT", "DELETE", "PATCH"])
                .Select(method => (method, e.RoutePattern)))];

    public static bool IsMutating(string method) => method is not ("GET" or "HEAD" or "OPTIONS");

    /// <summary>The pattern with every parameter filled: fresh account ids for account parameters, a word for the others.</summary>
    public static string Path(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart { Name: "userId" } => Ids.User(),
            RoutePatternParameterPart { Name: "providerId" } => Ids.Provider(),
            RoutePatternParameterPart => "x",
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }
}
