using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>
/// The Orleans Dashboard at /dashboard is behind the API key: the header, or a sign-in form that starts a cookie session
/// (ASP.NET Core cookie authentication) which expires and can be signed out of.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardTests(CxmputeApiFactory factory)
{
    [Fact]
    public async Task Without_a_key_the_dashboard_is_unauthorized()
    {
        using var client = factory.NewClient();
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/dashboard/", key: null), HttpStatusCode.Unauthorized, "unauthorized");
        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/dashboard/?key={CxmputeApiFactory.ApiKey}", key: null), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task With_the_key_header_the_dashboard_is_served()
    {
        using var client = factory.NewClient();
        var response = await client.GetAsync("/dashboard/", key: CxmputeApiFactory.ApiKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_browser_without_a_key_gets_the_sign_in_form()
    {
        using var client = factory.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        request.Headers.Accept.ParseAdd("text/html");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("action=\"/dashboard/login\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_with_the_key_sets_a_session_cookie_that_is_not_the_key()
    {
        using var client = factory.NewClient();

        var login = await client.PostAsync("/dashboard/login", new FormUrlEncodedContent([new("key", CxmputeApiFactory.ApiKey)]));

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/dashboard/", login.Headers.Location?.OriginalString);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.DoesNotContain(CxmputeApiFactory.ApiKey, cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard/", key: null)).StatusCode);
    }

    [Fact]
    public async Task Signing_in_with_a_wrong_key_is_refused()
    {
        using var client = factory.NewClient();

        var login = await client.PostAsync("/dashboard/login", new FormUrlEncodedContent([new("key", "wrong")]));

        await ProblemAssert.IsProblemAsync(login, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.False(login.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/dashboard/", key: null)).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        using var client = factory.NewClient();
        var cookie = await SignInAsync(client);

        var logout = await client.PostAsync("/dashboard/logout", null);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Contains("cxmpute-dashboard=;", Assert.Single(logout.Headers.GetValues("Set-Cookie")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/dashboard/", key: null)).StatusCode);

        // The session is a signed, encrypted cookie, not server state: a copy taken before signing out lasts until it expires.
        using var other = factory.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await SendWithCookieAsync(other, "/dashboard/", cookie)).StatusCode);
    }

    [Fact]
    public async Task A_session_expires_after_the_configured_time()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new ConfiguredApiFactory(
            settings: [new("Cxmpute:Dashboard:Session", "00:30:00")],
            services: services => services.PostConfigure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(
                "orleans-dashboard", cookie => cookie.TimeProvider = time));
        using var client = host.NewClient();
        var cookie = await SignInAsync(client);

        time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard/", key: null)).StatusCode);
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/dashboard/", key: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendWithCookieAsync(host.NewClient(), "/dashboard/", cookie)).StatusCode);
    }

    private static async Task<string> SignInAsync(HttpClient client)
    {
        var login = await client.PostAsync("/dashboard/login", new FormUrlEncodedContent([new("key", CxmputeApiFactory.ApiKey)]));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return Assert.Single(login.Headers.GetValues("Set-Cookie")).Split(';')[0];
    }

    private static async Task<HttpResponseMessage> SendWithCookieAsync(HttpClient client, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}
