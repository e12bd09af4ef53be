using System.Net;
using System.Net.Sockets;

namespace ShopPipeline.Tests;

/// <summary>Servers started by tests listen on 127.0.0.1 only, on a port the system has just handed out.</summary>
public static class Loopback
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
