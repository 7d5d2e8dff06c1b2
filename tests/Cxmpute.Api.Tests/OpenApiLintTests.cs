using Cxmpute.Api.Tests.Infrastructure;
using Cxmpute.Testing;

namespace Cxmpute.Api.Tests;

/// <summary>
/// The document the host serves passes Redocly's <c>recommended</c> rules without an error (tools/openapi-lint pins the CLI;
/// it is installed with <c>npm ci</c> when missing).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiLintTests(CxmputeApiFactory factory)
{
    private readonly HttpClient _client = factory.NewClient();

    [Fact]
    public async Task The_served_document_lints_without_errors_under_the_recommended_rules()
    {
        var root = RepoPaths.Root;
        var install = await CommandLine.RunAsync("bash", [Path.Combine(root, "scripts", "ensure-npm-tool.sh"), "tools/openapi-lint"], root, TimeSpan.FromMinutes(5));
        Assert.True(install.ExitCode == 0, install.Output);

        var document = await _client.GetStringAsync("/openapi/v1.json");
        var file = Path.Combine(Path.GetTempPath(), $"cxmpute-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document);
        try
        {
            var tool = Path.Combine(root, "tools", "openapi-lint");
            var (exitCode, output) = await CommandLine.RunAsync(
                "node", [Path.Combine(tool, "node_modules", "@redocly", "cli", "bin", "cli.js"), "lint", file, "--config", Path.Combine(tool, "redocly.yaml"), "--format", "stylish"],
                tool, TimeSpan.FromMinutes(2),
                new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" });
            Assert.True(exitCode == 0, $"redocly lint exited with {exitCode}:\n{output}");
            Assert.DoesNotContain(" error ", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
