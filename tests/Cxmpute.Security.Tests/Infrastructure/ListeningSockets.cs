using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Cxmpute.Security.Tests.Infrastructure;

/// <summary>The TCP sockets listening on this machine, read from /proc/net/tcp and /proc/net/tcp6 (Linux).</summary>
internal static class ListeningSockets
{
    private const string Listen = "0A";

    public static bool Supported => File.Exists("/proc/net/tcp");

    /// <summary>The local addresses listening on <paramref name="port"/>.</summary>
    public static IReadOnlyList<IPAddress> On(int port) => [.. All().Where(s => s.Port == port).Select(s => s.Address)];

    public static IEnumerable<(IPAddress Address, int Port)> All()
    {
        foreach (var file in new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists))
        {
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 3 && fields[3] == Listen)
                {
                    var local = fields[1].Split(':');
                    yield return (Address(local[0]), int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
            }
        }
    }

    /// <summary>This machine's own addresses other than loopback (the ones a neighbour would use).</summary>
    public static IReadOnlyList<IPAddress> OwnNonLoopbackAddresses() =>
        [.. NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal && a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)];

    /// <summary>Whether a TCP connection to the address and port is accepted (within 2 s).</summary>
    public static async Task<bool> AcceptsAsync(IPAddress address, int port)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>/proc's hex form: IPv4 as one little-endian word, IPv6 as four little-endian words.</summary>
    private static IPAddress Address(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; word < bytes.Length; word += 4)
        {
            Array.Reverse(bytes, word, 4);
        }

        return new IPAddress(bytes);
    }
}
