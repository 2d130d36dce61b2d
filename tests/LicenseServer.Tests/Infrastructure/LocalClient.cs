using System.Net;
using System.Net.Sockets;

namespace LicenseServer.Tests.Infrastructure;

/// <summary>HTTP clients that connect from another loopback address (127.0.0.2, …): a different client address as the server sees it.</summary>
public static class LocalClient
{
    public static HttpClient From(Uri baseAddress, string localAddress)
    {
        var local = IPAddress.Parse(localAddress);
        return new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        { BaseAddress = baseAddress };
    }
}
