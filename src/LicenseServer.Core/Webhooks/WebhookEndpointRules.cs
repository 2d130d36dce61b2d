using System.Net;
using System.Net.Sockets;
using LicenseServer.Core.Errors;
using LicenseServer.Core.Signatures;

namespace LicenseServer.Core.Webhooks;

/// <summary>Checks an endpoint's attributes in a fixed order: url, subscriptions, signature algorithm.</summary>
public static class WebhookEndpointRules
{
    private const string Pointer = "/data/attributes";

    /// <summary>Throws the first 422 of the endpoint. With <paramref name="allowInsecure"/> (the setting
    /// <c>Webhooks:AllowInsecureUrls</c>) http and loopback hosts pass (resources.md §24 d).</summary>
    public static void Validate(WebhookEndpoint endpoint, bool allowInsecure)
    {
        ValidateUrl(endpoint.Url, allowInsecure);
        if (endpoint.Subscriptions.Count == 0)
        {
            throw DomainError.Invalid($"{Pointer}/subscriptions", "SUBSCRIPTIONS_TOO_SHORT", "must have at least 1 webhook event subscription");
        }

        if (endpoint.Subscriptions.Any(s => s != WebhookEventNames.Wildcard && !WebhookEventNames.All.Contains(s)))
        {
            throw DomainError.Invalid($"{Pointer}/subscriptions", "SUBSCRIPTIONS_NOT_ALLOWED", "unsupported webhook event type for subscription");
        }

        if (!SignatureAlgorithms.All.Contains(endpoint.SignatureAlgorithm))
        {
            throw DomainError.Invalid($"{Pointer}/signatureAlgorithm", "SIGNATURE_ALGORITHM_NOT_ALLOWED", "unsupported signature algorithm");
        }
    }

    /// <summary>Subscriptions without repeats, in the order given.</summary>
    public static List<string> Deduplicate(IEnumerable<string> subscriptions) => subscriptions.Distinct(StringComparer.Ordinal).ToList();

    private static void ValidateUrl(string url, bool allowInsecure)
    {
        const string pointer = $"{Pointer}/url";
        if (url.Length > 4096)
        {
            throw DomainError.Invalid(pointer, "URL_INVALID", "is too long (maximum is 4096 characters)");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.IsFile || uri.IsUnc)
        {
            throw DomainError.Invalid(pointer, "URL_INVALID", "must be a valid URL");
        }

        // With insecure URLs allowed, plain http is accepted for loopback targets only (a test receiver).
        var secure = uri.Scheme == Uri.UriSchemeHttps;
        if (!secure && !(allowInsecure && uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri)))
        {
            throw DomainError.Invalid(pointer, "URL_PROTOCOL_INVALID", "must be a valid URL using one of the following protocols: https");
        }

        if (!HostAllowed(uri, allowInsecure))
        {
            throw DomainError.Invalid(pointer, "URL_HOST_INVALID", "must be a valid URL with a public host");
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

    /// <summary>True for addresses a delivery must never reach unless insecure URLs are allowed.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
        }

        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.Equals(IPAddress.IPv6Any);
    }
}
