using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Cxmpute.Abstractions;
using Cxmpute.Api.Problems;
using Cxmpute.Api.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;

namespace Cxmpute.Silo.Hosting;

/// <summary>
/// Puts the Orleans Dashboard behind the API key. A request to <c>/dashboard</c> passes with a valid <c>X-Api-Key</c> header
/// or a session (ASP.NET Core cookie authentication, <see cref="DashboardSignIn"/>). A browser without either gets a small
/// form that posts the key to <c>/dashboard/login</c> (in the body, so it never appears in an address or a request log);
/// a valid key signs in: an encrypted cookie (never the key) that expires after <c>Cxmpute:Dashboard:Session</c>.
/// <c>/dashboard/logout</c> signs out. Sign-in attempts are limited per client address
/// (<c>Cxmpute:Dashboard:LoginAttemptsPerMinute</c>, 10 by default): past that, <c>429 rate_limited</c> with
/// <c>Retry-After</c>, so that the form cannot be used to guess keys.
/// </summary>
public sealed class DashboardKeyMiddleware(RequestDelegate next, ApiKeyValidator keys, IConfiguration configuration) : IDisposable
{
    public const string LoginPath = CxmputeHost.DashboardPath + "/login";
    public const string LogoutPath = CxmputeHost.DashboardPath + "/logout";
    public const string LoginAttemptsSetting = "Cxmpute:Dashboard:LoginAttemptsPerMinute";
    private const long MaxLoginBodyBytes = 4096;

    private readonly PartitionedRateLimiter<string> _logins = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, configuration.GetValue(LoginAttemptsSetting, 10)),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.Path.Equals(LoginPath, StringComparison.OrdinalIgnoreCase))
        {
            await LoginAsync(context);
        }
        else if (request.Path.Equals(LogoutPath, StringComparison.OrdinalIgnoreCase))
        {
            await context.SignOutAsync(DashboardSignIn.Scheme);
            context.Response.Redirect(request.PathBase + CxmputeHost.DashboardPath + "/");
        }
        else if (keys.IsValid(request.Headers[ApiSecurityOptions.HeaderName]) || (await context.AuthenticateAsync(DashboardSignIn.Scheme)).Succeeded)
        {
            await next(context);
        }
        else
        {
            await RefuseAsync(context);
        }
    }

    public void Dispose() => _logins.Dispose();

    private async Task LoginAsync(HttpContext context)
    {
        var request = context.Request;
        using var attempt = _logins.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (!attempt.IsAcquired)
        {
            var seconds = attempt.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
            var problem = ApiProblems.Body(StatusCodes.Status429TooManyRequests, ApiErrorCodes.RateLimited,
                $"Too many sign-in attempts from this address; retry after {seconds.ToString(CultureInfo.InvariantCulture)} s.");
            await new ApiProblemResult(problem, seconds).ExecuteAsync(context);
            return;
        }

        if (request.ContentLength is not (> 0 and <= MaxLoginBodyBytes) || !request.HasFormContentType)
        {
            await RefuseAsync(context);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxLoginBodyBytes;
        }

        var form = await request.ReadFormAsync(context.RequestAborted);
        if (!keys.IsValid(form["key"]))
        {
            await RefuseAsync(context);
            return;
        }

        var signedIn = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], DashboardSignIn.Scheme));
        await context.SignInAsync(DashboardSignIn.Scheme, signedIn);
        context.Response.Redirect(request.PathBase + CxmputeHost.DashboardPath + "/");
    }

    private static Task RefuseAsync(HttpContext context)
    {
        var wantsHtml = context.Request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
        if (!wantsHtml)
        {
            return ApiProblems.Create(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
                "The dashboard needs the API key: send X-Api-Key, or sign in with the form at /dashboard.").ExecuteAsync(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(LoginPage(context.Request.PathBase + LoginPath), context.RequestAborted);
    }

    private static string LoginPage(string action) =>
        $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Cxmpute · Orleans Dashboard</title></head>
        <body style="font-family: sans-serif; margin: 4em;">
        <h1>Orleans Dashboard</h1>
        <form method="post" action="{System.Net.WebUtility.HtmlEncode(action)}">
        <label>API key <input type="password" name="key" autofocus required></label>
        <button type="submit">Open</button>
        </form>
        </body></html>
        """;
}
