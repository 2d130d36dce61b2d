using System.Net;
using System.Net.Sockets;

namespace LicenseServer.Testing;

/// <summary>Ports for the servers and clusters that tests and benchmarks start.</summary>
public static class Ports
{
    /// <summary>A loopback port that was free a moment ago (the system's choice for a listener on port 0).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
