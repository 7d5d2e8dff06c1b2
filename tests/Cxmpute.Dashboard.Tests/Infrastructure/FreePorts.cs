using System.Net;
using System.Net.Sockets;

namespace Cxmpute.Dashboard.Tests.Infrastructure;

/// <summary>Loopback ports free now and not yet handed to another host of this run, for the silo and gateway of each test host.</summary>
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
}
