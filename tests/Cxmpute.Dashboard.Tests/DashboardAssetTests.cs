using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cxmpute.Dashboard.Tests.Infrastructure;
using Cxmpute.Testing;

namespace Cxmpute.Dashboard.Tests;

/// <summary>The page and its files, embedded in the API and served at / and /assets/, with Chart.js vendored from the npm lock file.</summary>
[Collection(DashboardCollection.Name)]
public sealed partial class DashboardAssetTests(DashboardHost host)
{
    [Fact]
    public async Task The_page_is_served_at_the_root_with_a_strict_content_security_policy()
    {
        using var client = host.NewHttpClient();

        var response = await client.GetAsync("/?account=usr_abc");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Fact]
    public async Task Every_file_the_page_references_is_served_from_this_origin()
    {
        using var client = host.NewHttpClient();
        var html = await client.GetStringAsync("/");

        var references = ReferenceRegex().Matches(html).Select(m => m.Groups["url"].Value).ToArray();

        Assert.Contains("/assets/vendor/chart.umd.min.js", references);
        Assert.Contains("/assets/app.js", references);
        Assert.Contains("/assets/app.css", references);
        foreach (var url in references.Where(u => u.StartsWith("/assets/", StringComparison.Ordinal)))
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, url);
        }

        Assert.DoesNotContain(references, u => u.StartsWith("http", StringComparison.OrdinalIgnoreCase) || u.StartsWith("//", StringComparison.Ordinal));
        Assert.DoesNotMatch("<script>|<style>| on[a-z]+=\"", html); // nothing inline: the policy would block it
    }

    [Theory]
    [InlineData("/assets/app.js", "text/javascript")]
    [InlineData("/assets/app.css", "text/css")]
    [InlineData("/assets/favicon.svg", "image/svg+xml")]
    [InlineData("/assets/vendor/chart.umd.min.js", "text/javascript")]
    public async Task Files_have_their_content_type_and_revalidate_with_an_etag(string path, string mediaType)
    {
        using var client = host.NewHttpClient();

        var response = await client.GetAsync(path);
        var etag = response.Headers.ETag;
        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(etag!);
        var revalidated = await client.SendAsync(again);

        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(etag);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/assets/missing.js")]
    [InlineData("/assets/index.html")]
    [InlineData("/assets/../appsettings.json")]
    public async Task Anything_else_is_a_404_problem(string path)
    {
        using var client = host.NewHttpClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_vendored_Chart_js_is_the_version_of_the_npm_lock_file()
    {
        var project = Path.Combine(RepoPaths.Root, "src", "Cxmpute.Dashboard");
        using var lockFile = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(project, "package-lock.json")));
        using var package = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(project, "package.json")));
        var locked = lockFile.RootElement.GetProperty("packages").GetProperty("node_modules/chart.js").GetProperty("version").GetString();
        using var client = host.NewHttpClient();

        var served = await client.GetStringAsync("/assets/vendor/chart.umd.min.js");

        Assert.Equal(locked, package.RootElement.GetProperty("devDependencies").GetProperty("chart.js").GetString());
        Assert.StartsWith($"/*!\n * Chart.js v{locked}\n", served, StringComparison.Ordinal);
        Assert.Equal(MediaTypeHeaderValue.Parse("text/markdown; charset=utf-8").MediaType,
            (await client.GetAsync("/assets/vendor/chart.js.LICENSE.md")).Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex("(?:src|href)=\"(?<url>[^\"]+)\"")]
    private static partial Regex ReferenceRegex();
}
