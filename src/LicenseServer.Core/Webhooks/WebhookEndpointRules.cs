using System.Net;
using System.Net.Sockets;
using LicenseServer.Core.Signatures;

namespace LicenseServer.Core.Webhooks;

/// <summary>Checks an endpoint's attributes in a fixed order: url, subscriptions, signature algorithm.</summary>
public static class WebhookEndpointRules
{
    private const string Pointer = "/data/attributes";

    /// <summary>Throws every 422 of the endpoint (at most one per attribute) together. With <paramref name="allowInsecure"/> (the setting
    /// <c>Webhooks:AllowInsecureUrls</c>) http and loopback hosts pass (resources.md §24 d).</summary>
    public static void Validate(WebhookEndpoint endpoint, bool allowInsecure)
    {
        var errors = new ValidationErrors();
        ValidateUrl(endpoint.Url, allowInsecure, ref errors);
        if (endpoint.Subscriptions.Count == 0)
        {
            errors.Add($"{Pointer}/subscriptions", "SUBSCRIPTIONS_TOO_SHORT", "must have at least 1 webhook event subscription");
        }
        else if (endpoint.Subscriptions.Any(s => s != WebhookEventNames.Wildcard && !WebhookEventNames.All.Contains(s)))
        {
            errors.Add($"{Pointer}/subscriptions", "SUBSCRIPTIONS_NOT_ALLOWED", "unsupported webhook event type for subscription");
        }

        if (!SignatureAlgorithms.All.Contains(endpoint.SignatureAlgorithm))
        {
            errors.Add($"{Pointer}/signatureAlgorithm", "SIGNATURE_ALGORITHM_NOT_ALLOWED", "unsupported signature algorithm");
        }

        errors.ThrowIfAny();
    }

    /// <summary>Subscriptions without repeats, in the order given.</summary>
    public static List<string> Deduplicate(IEnumerable<string> subscriptions) => subscriptions.Distinct(StringComparer.Ordinal).ToList();

    private static void ValidateUrl(string url, bool allowInsecure, ref ValidationErrors errors)
    {
        const string pointer = $"{Pointer}/url";
        if (url.Length > 4096)
        {
            errors.Add(pointer, "URL_INVALID", "is too long (maximum is 4096 characters)");
            return;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.IsFile || uri.IsUnc)
        {
            errors.Add(pointer, "URL_INVALID", "must be a valid URL");
            return;
        }

        // With insecure URLs allowed, plain http is accepted for loopback targets only (a test receiver).
        var secure = uri.Scheme == Uri.UriSchemeHttps;
        if (!secure && !(allowInsecure && uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri)))
        {
            errors.Add(pointer, "URL_PROTOCOL_INVALID", "must be a valid URL using one of the following protocols: https");
            return;
        }

        if (!HostAllowed(uri, allowInsecure))
        {
            errors.Add(pointer, "URL_HOST_INVALID", "must be a valid URL with a public host");
        }
    }

    /// <summary>A public name with a TLD; never a Keygen host, an IP literal or a private address. Loopback only when insecure URLs are allowed.</summary>
    private static bool HostAllowed(Uri uri, bool allowInsecure)
    {
        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (host.Length == 0)
        {
            return false;
        }

        if (IsLoopback(uri))
        {
            return allowInsecure;
        }

        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out _))
        {
            return false;
        }

        if (host == "keygen.sh" || host.EndsWith(".keygen.sh", StringComparison.Ordinal))
        {
            return false;
        }

        var dot = host.LastIndexOf('.');
        return dot > 0 && dot < host.Length - 1 && host[(dot + 1)..].Any(char.IsLetter) && !IsInternalName(host);
    }

    private static bool IsLoopback(Uri uri)
    {
        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        return host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal)
            || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    private static bool IsInternalName(string host) =>
        host.EndsWith(".local", StringComparison.Ordinal) || host.EndsWith(".internal", StringComparison.Ordinal);

    /// <summary>
    /// True for addresses a delivery must never reach unless insecure URLs are allowed: loopback, private,
    /// link-local, shared (CGNAT), unspecified, multicast, broadcast, reserved, benchmarking and documentation
    /// ranges, and IPv6 forms that embed such an IPv4 address (mapped, compatible, NAT64, 6to4).
    /// </summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return IsPrivateV4(address.GetAddressBytes());
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return true;
        }

        var b = address.GetAddressBytes();
        if (address.IsIPv4MappedToIPv6 || IsZero(b, 0, 12))
        {
            // ::ffff:a.b.c.d and the deprecated ::a.b.c.d (which includes :: and ::1).
            return IsPrivateV4(b[12..]);
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
        {
            // NAT64 64:ff9b::/96 reaches the IPv4 address in its last four bytes; the rest of 64:ff9b::/32 (such as
            // the local-use 64:ff9b:1::/48) is refused outright.
            return !IsZero(b, 4, 8) || IsPrivateV4(b[12..]);
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            // 6to4 2002:a.b.c.d::/48.
            return IsPrivateV4(b[2..6]);
        }

        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) // documentation 2001:db8::/32
            || (b[0] == 0x01 && IsZero(b, 1, 7)); // discard-only 100::/64
    }

    private static bool IsPrivateV4(byte[] b) =>
        b[0] is 0 or 10 or 127 or >= 224 // this network, private, loopback, multicast and reserved (incl. broadcast)
        || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) // shared address space (CGNAT)
        || (b[0] == 169 && b[1] == 254) // link-local, cloud metadata services
        || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
        || (b[0] == 192 && b[1] == 168)
        || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) // IETF protocol assignments, documentation
        || (b[0] == 198 && b[1] is 18 or 19) // benchmarking
        || (b[0] == 198 && b[1] == 51 && b[2] == 100)
        || (b[0] == 203 && b[1] == 0 && b[2] == 113);

    private static bool IsZero(byte[] bytes, int start, int count) => Array.TrueForAll(bytes[start..(start + count)], x => x == 0);
}
