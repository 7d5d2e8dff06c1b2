using System.Net;
using System.Net.Sockets;

namespace Cxmpute.Testing;

/// <summary>Loopback ports that are free now and not yet handed out by this test run.</summary>
public static class FreePorts
{
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        lock (HandedOut)
        {
            while (true)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }

    /// <summary>True when something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static bool InUse(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
