using Cxmpute.Api.Security;
using Cxmpute.Silo.Hosting;
using Microsoft.Extensions.Configuration;

namespace Cxmpute.Api.Tests;

/// <summary>The role and cluster settings, and the shipped silo-config files.</summary>
public sealed class HostingConfigurationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static string SiloConfig => ConfigDirectory.Find(AppContext.BaseDirectory) ?? throw new DirectoryNotFoundException("silo-config");

    [Fact]
    public void With_nothing_configured_the_host_is_combined_on_the_default_ports_in_memory()
    {
        var settings = HostingSettings.From(Config());

        Assert.Equal(CxmputeRole.Combined, settings.Role);
        Assert.True(settings.RunsSilo && settings.ServesApi);
        Assert.Equal((11111, 30000), (settings.Orleans.SiloPort, settings.Orleans.GatewayPort));
        Assert.False(settings.Storage.IsConfigured);
        Assert.Equal("cxmembership", settings.Storage.MembershipTable);
    }

    [Theory]
    [InlineData("silo", CxmputeRole.Silo, true, false)]
    [InlineData("Frontend", CxmputeRole.Frontend, false, true)]
    [InlineData("COMBINED", CxmputeRole.Combined, true, true)]
    public void The_role_decides_what_runs(string text, CxmputeRole role, bool silo, bool api)
    {
        var settings = HostingSettings.From(Config(("Cxmpute:Role", text)));
        Assert.Equal((role, silo, api), (settings.Role, settings.RunsSilo, settings.ServesApi));
    }

    [Fact]
    public void An_unknown_role_stops_the_start_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => HostingSettings.From(Config(("Cxmpute:Role", "gateway"))));
        Assert.Contains("Cxmpute:Role", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_configuration_names_the_schedule_and_the_development_key()
    {
        var shipped = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(SiloConfig, "appsettings.json"))
            .AddJsonFile(Path.Combine(SiloConfig, "appsettings.Development.json"))
            .Build();

        Assert.True(File.Exists(Path.Combine(SiloConfig, shipped["Ledger:ScheduleFile"]!)));
        Assert.Equal(ApiSecurityOptions.DevelopmentKey, shipped["Cxmpute:ApiKeys:0"]);
        Assert.Equal("combined", shipped["Cxmpute:Role"]);
        Assert.Equal("false", shipped["Cxmpute:RateLimit:Enabled"], ignoreCase: true);
    }

    [Fact]
    public void The_base_configuration_holds_no_key()
    {
        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(SiloConfig, "appsettings.json")).Build();
        Assert.Null(shipped["Cxmpute:ApiKeys:0"]);
    }
}
