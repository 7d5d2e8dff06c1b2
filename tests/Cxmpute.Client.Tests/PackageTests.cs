using System.IO.Compression;
using System.Text.Json.Nodes;
using Cxmpute.Client.Tests.Infrastructure;
using Cxmpute.Testing;

namespace Cxmpute.Client.Tests;

/// <summary>The packages: the NuGet package packs with its README and XML docs; the TypeScript package's types come from the document the host serves.</summary>
[Collection(InProcessCollection.Name)]
public sealed class PackageTests(InProcessApi api)
{
    [Fact]
    public async Task The_client_packs_as_a_NuGet_package_with_its_readme_and_xml_docs()
    {
        var output = Path.Combine(Path.GetTempPath(), "cxmpute-pack-" + Guid.NewGuid().ToString("N"));
        try
        {
            var project = Path.Combine(RepoPaths.Root, "src", "Cxmpute.Client", "Cxmpute.Client.csproj");
            var (exitCode, log) = await CommandLine.RunAsync(
                "dotnet", ["pack", project, "-c", SiloConfiguration, "--no-build", "--nologo", "-v", "q", "-o", output], RepoPaths.Root, TimeSpan.FromMinutes(5));
            Assert.True(exitCode == 0, log);

            var package = Assert.Single(Directory.GetFiles(output, "Cxmpute.Client.*.nupkg"));
            using var zip = ZipFile.OpenRead(package);
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("README.md", entries);
            Assert.Contains("lib/net10.0/Cxmpute.Client.dll", entries);
            Assert.Contains("lib/net10.0/Cxmpute.Client.xml", entries);
            using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var manifest = await nuspec.ReadToEndAsync();
            Assert.Contains("<readme>README.md</readme>", manifest, StringComparison.Ordinal);
            Assert.Contains("Microsoft.Extensions.Http.Resilience", manifest, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Fact]
    public async Task The_typescript_package_is_generated_from_the_document_the_host_serves()
    {
        using var http = api.CreateClient();
        var served = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!.AsObject();
        served.Remove("servers");
        var copy = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "clients", "typescript", "openapi.json")));

        Assert.True(JsonNode.DeepEquals(served, copy),
            "clients/typescript/openapi.json differs from the served /openapi/v1.json: copy the served document there (without its servers) and run `npm run generate`.");
    }

    private static string SiloConfiguration => Cxmpute.Testing.Cluster.SiloBinary.Configuration;
}
