using System.Net;

namespace LicenseServer.Api.RateLimits;

/// <summary>
/// The client's address: the socket's, or the one the forwarded-headers middleware took from <c>X-Forwarded-For</c>
/// when the request came through a trusted proxy (<c>Server:TrustedProxies</c>).
/// </summary>
public static class ClientAddress
{
    public static IPAddress Of(HttpContext http) => http.Connection.RemoteIpAddress switch
    {
        null => IPAddress.None,
        { IsIPv4MappedToIPv6: true } mapped => mapped.MapToIPv4(),
        var address => address,
    };
}
