using Microsoft.AspNetCore.Authentication.Cookies;

namespace Cxmpute.Silo.Hosting;

/// <summary>
/// The Orleans Dashboard's session: ASP.NET Core cookie authentication (scheme <see cref="Scheme"/>), an encrypted,
/// HttpOnly, SameSite=Strict cookie scoped to <c>/dashboard</c> that expires <c>Cxmpute:Dashboard:Session</c> after
/// sign-in (default 1 hour, not extended by use) and is removed by signing out.
/// </summary>
public static class DashboardSignIn
{
    public const string Scheme = "orleans-dashboard";
    public const string CookieName = "cxmpute-dashboard";
    public const string SessionSetting = "Cxmpute:Dashboard:Session";

    public static WebApplicationBuilder AddDashboardSignIn(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var session = builder.Configuration.GetValue(SessionSetting, TimeSpan.FromHours(1));
        if (session <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SessionSetting} must be positive.");
        }

        builder.Services.AddAuthentication().AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.Path = CxmputeHost.DashboardPath;
            cookie.ExpireTimeSpan = session;
            cookie.SlidingExpiration = false;
        });
        return builder;
    }
}
