using System.Net;
using System.Net.Sockets;
using LicenseServer.Api.Configuration;
using LicenseServer.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace LicenseServer.Api.Webhooks;

/// <summary>
/// Opens every webhook delivery connection. It resolves the host itself, drops the addresses a delivery must
/// never reach (<see cref="WebhookEndpointRules.IsPrivate"/>) and connects to one of the addresses it checked,
/// so a name that resolves to an internal address (or is rebound to one after the endpoint was created) is
/// refused at connect time. Redirects are never followed (the handler's AllowAutoRedirect is off), so a receiver
/// cannot bounce a delivery to an internal address either. With <c>Webhooks:AllowInsecureUrls</c> every address
/// is allowed (tests only).
/// </summary>
public sealed partial class WebhookConnector(IOptions<WebhookOptions> options, ILogger<WebhookConnector> logger)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var resolved = await Dns.GetHostAddressesAsync(host, ct);
        var allowed = options.Value.AllowInsecureUrls ? resolved : Array.FindAll(resolved, a => !WebhookEndpointRules.IsPrivate(a));
        if (allowed.Length == 0)
        {
            LogRefused(logger, host, string.Join(", ", resolved.Select(a => a.ToString())));
            throw new SocketException((int)SocketError.HostUnreachable);
        }

        SocketException? failure = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                failure = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw failure!;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Webhook delivery to {Host} refused: it resolves only to private or reserved addresses ({Addresses})")]
    private static partial void LogRefused(ILogger logger, string host, string addresses);
}
