using System.Net;
using LicenseServer.Api.Configuration;
using Microsoft.AspNetCore.HttpOverrides;

namespace LicenseServer.Api.Hosting;

/// <summary>
/// <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> are honoured only from the proxies of
/// <c>Server:TrustedProxies</c>: the forwarded-headers middleware walks them from the right while the hop it came from
/// is trusted, so rate-limit keys and logs see the client's address, and signatures (<c>host</c>) the host it asked
/// for. Without the setting the middleware is not installed, so a client cannot choose its own address (and dodge the
/// rate limits) or the host its responses are signed for.
/// </summary>
public static class TrustedProxies
{
    public static void UseTrustedProxies(this WebApplication app)
    {
        var setting = app.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>()?.TrustedProxies;
        var options = Parse(setting);
        if (options is not null)
        {
            app.UseForwardedHeaders(options);
        }
    }

    /// <summary>The middleware's options for the setting, or null when it names no proxy.</summary>
    public static ForwardedHeadersOptions? Parse(string? setting)
    {
        var entries = (setting ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (entries.Length == 0)
        {
            return null;
        }

        // The defaults trust loopback; only what the operator listed is trusted here.
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
            ForwardLimit = null,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in entries)
        {
            if (entry.Contains('/') && System.Net.IPNetwork.TryParse(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                throw new InvalidOperationException($"Server:TrustedProxies: '{entry}' is neither an IP address nor a CIDR network.");
            }
        }

        return options;
    }
}
