using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cxmpute.Testing;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Cxmpute.Cluster.Tests;

/// <summary>
/// docker-compose.yml and the Dockerfile, checked without a Docker engine: the YAML parses (merge keys resolved), and the
/// services, health checks, dependencies and environment agree with the host's configuration keys and with each other.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly string[] HostServices = ["silo1", "silo2", "frontend"];
    private readonly Dictionary<object, object> _compose = Load();

    [Fact]
    public void Has_azurite_two_silos_and_a_front_end()
    {
        Assert.Equal(["azurite", "frontend", "silo1", "silo2"], Services.Keys.Select(k => (string)k).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Azurite_is_the_pinned_table_service_with_a_volume_and_a_health_check()
    {
        var azurite = Service("azurite");
        var pinned = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "tools", "azurite", "package.json")))
            .RootElement.GetProperty("dependencies").GetProperty("azurite").GetString();
        Assert.Equal($"mcr.microsoft.com/azure-storage/azurite:{pinned}", (string)azurite["image"]);
        var command = List(azurite["command"]);
        Assert.Equal("azurite-table", command[0]);
        Assert.Equal("0.0.0.0", command[command.IndexOf("--tableHost") + 1]);
        Assert.Equal("10002", command[command.IndexOf("--tablePort") + 1]);
        Assert.Equal("/data", command[command.IndexOf("--location") + 1]);
        Assert.Contains(List(azurite["volumes"]), v => v.EndsWith(":/data", StringComparison.Ordinal));
        Assert.Contains("10002", string.Join(' ', List(Map(azurite["healthcheck"])["test"])), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("silo1")]
    [InlineData("silo2")]
    [InlineData("frontend")]
    public void Each_host_is_built_from_the_Dockerfile_reads_silo_config_and_is_healthy_only_when_ready(string name)
    {
        var service = Service(name);
        var build = Map(service["build"]);
        Assert.Equal(".", (string)build["context"]);
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, (string)build["dockerfile"])));

        var environment = Environment(service);
        var mount = Assert.Single(List(service["volumes"]), v => v.StartsWith("./silo-config:", StringComparison.Ordinal)).Split(':');
        Assert.True(Directory.Exists(Path.Combine(RepoPaths.Root, "silo-config")));
        Assert.Equal(environment["CXMPUTE_CONFIG_DIR"], mount[1]);
        Assert.Equal("ro", mount[2]);

        var healthcheck = string.Join(' ', List(Map(service["healthcheck"])["test"]));
        Assert.Contains("/health/ready", healthcheck, StringComparison.Ordinal);
        Assert.Contains(" 200 ", healthcheck, StringComparison.Ordinal);
        var httpPort = new Uri(environment["ASPNETCORE_URLS"]).Port;
        Assert.Contains($"/dev/tcp/127.0.0.1/{httpPort}", healthcheck, StringComparison.Ordinal);
        Assert.All(List(service["ports"]), p => Assert.EndsWith($":{httpPort}", p, StringComparison.Ordinal));

        Assert.Contains("TableEndpoint=http://azurite:10002/devstoreaccount1;", environment["CXMPUTE_STORAGE_CONNECTION"], StringComparison.Ordinal);
        Assert.StartsWith("${CXMPUTE_API_KEY:?", environment["CXMPUTE_API_KEY"], StringComparison.Ordinal);
        Assert.Equal("${ASPNETCORE_ENVIRONMENT:-Production}", environment["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("service_healthy", (string)Map(Map(service["depends_on"])["azurite"])["condition"]);
        Assert.Equal("45s", (string)service["stop_grace_period"]); // longer than the host's 30 s shutdown timeout
    }

    [Fact]
    public void Silos_advertise_their_fixed_addresses_and_the_front_end_waits_for_healthy_silos()
    {
        var network = Map(Map(_compose["networks"])["cxmpute"]);
        var subnet = (string)Map(List<object>(Map(network["ipam"])["config"])[0])["subnet"];
        var addresses = new List<string>();
        foreach (var name in new[] { "silo1", "silo2" })
        {
            var silo = Service(name);
            var environment = Environment(silo);
            Assert.Equal("silo", environment["CXMPUTE_ROLE"]);
            Assert.Equal("true", environment["Cxmpute__Orleans__ListenOnAnyHostAddress"]);
            var address = (string)Map(Map(silo["networks"])["cxmpute"])["ipv4_address"];
            Assert.Equal(address, environment["CXMPUTE_ADVERTISED_IP"]);
            Assert.True(IPNetwork.Parse(subnet).Contains(IPAddress.Parse(address)), $"{address} is in {subnet}");
            addresses.Add(address);
        }

        Assert.Equal(addresses.Count, addresses.Distinct().Count());
        var frontend = Service("frontend");
        Assert.Equal("frontend", Environment(frontend)["CXMPUTE_ROLE"]);
        var dependsOn = Map(frontend["depends_on"]);
        Assert.All(new[] { "silo1", "silo2" }, silo => Assert.Equal("service_healthy", (string)Map(dependsOn[silo])["condition"]));
        Assert.Equal("127.0.0.1:5000:8080", Assert.Single(List(frontend["ports"])));
        var published = HostServices.SelectMany(s => List(Service(s)["ports"])).Select(p => p.Split(':')[1]).ToList();
        Assert.Equal(published.Count, published.Distinct().Count());
    }

    [Theory]
    [InlineData("silo1")]
    [InlineData("silo2")]
    [InlineData("frontend")]
    public void Each_host_speaks_Orleans_over_mutual_TLS_with_its_own_certificate_and_user_tokens_need_a_signing_key(string name)
    {
        var service = Service(name);
        var environment = Environment(service);
        Assert.Equal("true", environment["Cxmpute__Orleans__Tls__Enabled"]);
        var certificates = Assert.Single(List(service["volumes"]), v => v.StartsWith("./certs:", StringComparison.Ordinal)).Split(':');
        Assert.Equal("ro", certificates[2]);
        Assert.Equal($"{certificates[1]}/ca.crt", environment["Cxmpute__Orleans__Tls__CaCertificatePath"]);
        Assert.Equal($"{certificates[1]}/{name}.crt", environment["Cxmpute__Orleans__Tls__CertificatePath"]);
        Assert.Equal($"{certificates[1]}/{name}.key", environment["Cxmpute__Orleans__Tls__KeyPath"]);
        Assert.StartsWith("${CXMPUTE_TOKEN_SIGNING_KEY:?", environment["CXMPUTE_TOKEN_SIGNING_KEY"], StringComparison.Ordinal);
        Assert.False(environment.ContainsKey("Cxmpute__PublicReads"));
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "scripts", "make-certs.sh")));
    }

    [Fact]
    public void The_Production_profile_keeps_public_reads_off()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "silo-config", "appsettings.json")));
        Assert.False(settings.RootElement.GetProperty("Cxmpute").GetProperty("PublicReads").GetBoolean());
        Assert.False(File.Exists(Path.Combine(RepoPaths.Root, "silo-config", "appsettings.Production.json")));
    }

    [Fact]
    public void Every_environment_variable_is_one_the_host_reads()
    {
        var aliases = AliasPattern().Matches(File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "Cxmpute.Silo", "Hosting", "EnvironmentAliases.cs")))
            .Select(m => m.Groups[1].Value)
            .Concat(["CXMPUTE_CONFIG_DIR", "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT"])
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("CXMPUTE_STORAGE_CONNECTION", aliases);
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "silo-config", "appsettings.json")));
        foreach (var name in HostServices)
        {
            foreach (var variable in Environment(Service(name)).Keys)
            {
                if (variable.Contains("__", StringComparison.Ordinal))
                {
                    var node = settings.RootElement;
                    Assert.All(variable.Split("__"), part => Assert.True(node.TryGetProperty(part, out node), $"{name}: {variable} names no key of silo-config/appsettings.json"));
                }
                else
                {
                    Assert.True(aliases.Contains(variable), $"{name}: {variable} is not an environment variable the host reads");
                }
            }
        }
    }

    [Fact]
    public void The_Dockerfile_builds_the_silo_with_the_SDK_and_runs_it_on_the_ASP_NET_runtime()
    {
        var dockerfile = File.ReadAllText(Path.Combine(RepoPaths.Root, "Dockerfile"));
        Assert.Matches(@"(?m)^FROM mcr\.microsoft\.com/dotnet/sdk:10\.0 AS build$", dockerfile);
        Assert.Matches(@"(?m)^FROM mcr\.microsoft\.com/dotnet/aspnet:10\.0 AS runtime$", dockerfile);
        Assert.Contains("dotnet publish src/Cxmpute.Silo/Cxmpute.Silo.csproj -c Release", dockerfile, StringComparison.Ordinal);
        Assert.Contains("COPY silo-config/ ./silo-config/", dockerfile, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"Cxmpute.Silo.dll\"]", dockerfile, StringComparison.Ordinal);

        // The restore layer copies the project files first: every project the silo is built from must be listed.
        foreach (var project in ProjectClosure(Path.Combine(RepoPaths.Root, "src", "Cxmpute.Silo", "Cxmpute.Silo.csproj")))
        {
            var relative = Path.GetRelativePath(RepoPaths.Root, project).Replace('\\', '/');
            Assert.Contains($"COPY {relative} {Path.GetDirectoryName(relative)!.Replace('\\', '/')}/", dockerfile, StringComparison.Ordinal);
        }
    }

    private Dictionary<object, object> Services => Map(_compose["services"]);

    private Dictionary<object, object> Service(string name) => Map(Services[name]);

    private static Dictionary<object, object> Load()
    {
        using var reader = new StringReader(File.ReadAllText(Path.Combine(RepoPaths.Root, "docker-compose.yml")));
        var parser = new MergingParser(new Parser(reader));
        return Map(new DeserializerBuilder().Build().Deserialize<object>(parser)!);
    }

    private static Dictionary<string, string> Environment(Dictionary<object, object> service) =>
        Map(service["environment"]).ToDictionary(e => (string)e.Key, e => (string)e.Value, StringComparer.Ordinal);

    private static Dictionary<object, object> Map(object node) => Assert.IsType<Dictionary<object, object>>(node);

    private static List<string> List(object node) => [.. List<object>(node).Cast<string>()];

    private static List<T> List<T>(object node) => [.. Assert.IsType<List<object>>(node).Cast<T>()];

    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([Path.GetFullPath(project)]);
        while (queue.TryDequeue(out var next))
        {
            if (!seen.Add(next))
            {
                continue;
            }

            foreach (Match reference in ProjectReferencePattern().Matches(File.ReadAllText(next)))
            {
                queue.Enqueue(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(next)!, reference.Groups[1].Value.Replace('\\', '/'))));
            }
        }

        return seen;
    }

    [GeneratedRegex("""\["(CXMPUTE_[A-Z_]+)"\]""")]
    private static partial Regex AliasPattern();

    [GeneratedRegex("<ProjectReference Include=\"([^\"]+)\"")]
    private static partial Regex ProjectReferencePattern();
}
