using System.Net;
using Cxmpute.Api.Tests.Infrastructure;
using Cxmpute.Security.Tests.Infrastructure;

namespace Cxmpute.Security.Tests;

/// <summary>
/// Nothing of the Orleans Dashboard is served without the key: every dashboard route of the endpoint table, spellings of
/// the path that might slip past a prefix check, a forged session cookie, the key in the query string, and the silo role.
/// The API tests cover the sign-in itself (DashboardTests: header, form, cookie not the key, wrong key refused).
/// </summary>
public sealed class DashboardAccessTests(CxmputeApiFactory factory) : IClassFixture<CxmputeApiFactory>
{
    public static TheoryData<string> Spellings =>
    [
        "/dashboard", "/dashboard/", "/DASHBOARD/", "/Dashboard/index.html", "/dashboard//", "//dashboard/", "/dashboard/./",
        "/dashboard/%2e%2e/dashboard/", "/dashboard%2F", "/dashboard/ClusterStats", "/dashboard/DashboardCounters", "/dashboard/Trace",
        "/dashboard/HistoricalStats/x", "/dashboard/Reminders", "/dashboard/version", "/dashboard/index.min.js", "/dashboard/login",
        "//dashboard/ClusterStats", "//dashboard/DashboardCounters", "/dashboard/../dashboard/ClusterStats", "/api/../dashboard/",
    ];

    [Fact]
    public async Task Every_dashboard_route_refuses_a_request_without_the_key()
    {
        using var client = factory.NewClient();
        var routes = RouteTemplates.All(factory.Services)
            .Where(r => r.Pattern.RawText?.TrimStart('/').StartsWith("dashboard", StringComparison.OrdinalIgnoreCase) == true)
            .ToList();
        Assert.NotEmpty(routes);

        foreach (var (method, pattern) in routes)
        {
            var path = RouteTemplates.Path(pattern);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.Add("Cookie", "cxmpute-dashboard=" + new string('0', 64));
            var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {pattern.RawText} ({path}) answered {(int)response.StatusCode}");
        }
    }

    [Theory]
    [MemberData(nameof(Spellings))]
    public async Task No_spelling_of_the_path_reaches_the_dashboard_without_the_key(string path)
    {
        using var client = factory.NewClient();
        var publicPage = await (await client.GetAsync("/")).Content.ReadAsStringAsync();
        foreach (var query in new[] { "", "?key=" + CxmputeApiFactory.ApiKey, "?X-Api-Key=" + CxmputeApiFactory.ApiKey })
        {
            var response = await client.GetAsync(path + query, key: null);
            var body = await response.Content.ReadAsStringAsync();

            // A 200 may only be the public Cxmpute page that "/" serves to everyone (e.g. for "//dashboard/"), never the Orleans Dashboard.
            Assert.True(
                response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.BadRequest
                || (response.StatusCode == HttpStatusCode.OK && body == publicPage),
                $"GET {path}{query} answered {(int)response.StatusCode}: {body[..Math.Min(200, body.Length)]}");
        }
    }

    [Fact]
    public async Task In_the_silo_role_the_dashboard_needs_the_key_too()
    {
        await using var silo = new ConfiguredApiFactory(settings: [new("Cxmpute:Role", "silo")]);
        using var client = silo.NewClient();

        await ProblemAssert.IsProblemAsync(await client.GetAsync("/dashboard/", key: null), HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard/", key: CxmputeApiFactory.ApiKey)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostJsonAsync("/api/awards", Awards.UserChat())).StatusCode);
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_address_with_429_and_Retry_After_even_for_the_right_key()
    {
        await using var host = new ConfiguredApiFactory(settings: [new("Cxmpute:Dashboard:LoginAttemptsPerMinute", "3")]);
        using var client = host.NewClient();

        for (var i = 0; i < 3; i++)
        {
            var wrong = await client.PostAsync("/dashboard/login", new FormUrlEncodedContent([new("key", "guess-" + i)]));
            await ProblemAssert.IsProblemAsync(wrong, HttpStatusCode.Unauthorized, "unauthorized");
        }

        var limited = await client.PostAsync("/dashboard/login", new FormUrlEncodedContent([new("key", CxmputeApiFactory.ApiKey)]));
        await ProblemAssert.IsProblemAsync(limited, (HttpStatusCode)429, "rate_limited");
        Assert.True(limited.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 and <= 60 }, $"Retry-After: {limited.Headers.RetryAfter}");
        Assert.False(limited.Headers.Contains("Set-Cookie"));

        // The key in the header is not a sign-in attempt: it still opens the dashboard.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard/", key: CxmputeApiFactory.ApiKey)).StatusCode);
    }
}
