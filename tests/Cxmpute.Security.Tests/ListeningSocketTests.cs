using System.Net;
using System.Net.Sockets;
using Cxmpute.Api.Tests.Infrastructure;
using Cxmpute.Security.Tests.Infrastructure;
using Cxmpute.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cxmpute.Security.Tests;

/// <summary>
/// The Orleans silo and gateway ports listen on loopback only unless configured otherwise: checked from the kernel's socket
/// table, and by connecting to them through this machine's own non-loopback addresses (which must be refused).
/// </summary>
public sealed class ListeningSocketTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Without_storage_the_silo_and_gateway_listen_on_loopback_only()
    {
        if (!ListeningSockets.Supported)
        {
            return; // needs /proc/net/tcp (Linux)
        }

        await using var host = new ConfiguredApiFactory();
        _ = host.Server;

        await AssertLoopbackOnlyAsync(host);
    }

    [Fact]
    public async Task With_storage_the_silo_and_gateway_listen_on_loopback_only()
    {
        if (!ListeningSockets.Supported)
        {
            return; // needs /proc/net/tcp (Linux)
        }

        await using var host = new ConfiguredApiFactory(settings: StorageSettings());
        _ = host.Server;

        await AssertLoopbackOnlyAsync(host);
    }

    [Fact]
    public async Task Listening_on_every_interface_happens_only_when_configured()
    {
        if (!ListeningSockets.Supported)
        {
            return; // needs /proc/net/tcp (Linux)
        }

        var own = ListeningSockets.OwnNonLoopbackAddresses().FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
        if (own is null)
        {
            return; // this machine has no non-loopback IPv4 address
        }

        await using var host = new ConfiguredApiFactory(settings:
        [
            .. StorageSettings(),
            new("Cxmpute:Orleans:AdvertisedIP", own.ToString()),
            new("Cxmpute:Orleans:ListenOnAnyHostAddress", "true"),
        ]);
        _ = host.Server;

        var (silo, gateway) = Ports(host);
        foreach (var port in new[] { silo, gateway })
        {
            Assert.Contains(ListeningSockets.On(port), a => a.Equals(IPAddress.Any) || a.Equals(IPAddress.IPv6Any));
            Assert.True(await ListeningSockets.AcceptsAsync(own, port), $"port {port} refused {own} although configured to listen everywhere");
        }
    }

    [Fact]
    public void The_shipped_http_address_is_loopback()
    {
        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepoPaths.Root, "silo-config", "appsettings.json")).Build();
        var urls = shipped["Urls"]!.Split(';');
        Assert.All(urls, url => Assert.True(IPAddress.IsLoopback(IPAddress.Parse(new Uri(url).Host)), $"{url} is not a loopback address"));
        Assert.Equal("false", shipped["Cxmpute:Orleans:ListenOnAnyHostAddress"], ignoreCase: true);
        Assert.Equal("", shipped["Cxmpute:Orleans:AdvertisedIP"]);
    }

    private KeyValuePair<string, string>[] StorageSettings()
    {
        var prefix = TableNames.New("sock");
        return
        [
            new("Cxmpute:Storage:ConnectionString", azurite.ConnectionString),
            new("Cxmpute:Storage:MembershipTable", prefix + "members"),
            new("Ledger:JournalTable", prefix + "journal"),
            new("Ledger:AccountTable", prefix + "accounts"),
            new("Ledger:CheckpointTable", prefix + "checkpoints"),
        ];
    }

    private static (int Silo, int Gateway) Ports(ConfiguredApiFactory host)
    {
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        return (int.Parse(configuration["Cxmpute:Orleans:SiloPort"]!, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(configuration["Cxmpute:Orleans:GatewayPort"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task AssertLoopbackOnlyAsync(ConfiguredApiFactory host)
    {
        var (silo, gateway) = Ports(host);
        foreach (var port in new[] { silo, gateway })
        {
            var listeners = ListeningSockets.On(port);
            Assert.NotEmpty(listeners);
            Assert.All(listeners, address => Assert.True(IPAddress.IsLoopback(address), $"port {port} listens on {address}"));
            Assert.True(await ListeningSockets.AcceptsAsync(IPAddress.Loopback, port), $"port {port} refuses loopback");
            foreach (var own in ListeningSockets.OwnNonLoopbackAddresses())
            {
                Assert.False(await ListeningSockets.AcceptsAsync(own, port), $"port {port} accepts connections on {own}");
            }
        }
    }
}
