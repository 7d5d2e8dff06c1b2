using System.Net;
using System.Net.Sockets;

namespace Cxmpute.Api.Tests.Infrastructure;

/// <summary>
/// Loopback ports that are free now and not yet handed to another host of this test run, so that test silos never
/// collide with each other or with a silo running on the machine.
/// </summary>
public static class FreePorts
{
    private static readonly HashSet<int> HandedOut = [];

    public static (int Silo, int Gateway) Pair() => (Next(), Next());

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
}
