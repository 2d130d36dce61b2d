using System.Text;

namespace LicenseServer.Api.Auth;

public enum CredentialKind
{
    Token,
    LicenseKey,
    Password,
}

/// <summary>What the client presented, before it is checked: a token, a license key, or an email and password.</summary>
public sealed record Credentials(CredentialKind Kind, string Value, string Scheme, string? Email = null)
{
    /// <summary>
    /// Reads Authorization (Bearer/Token, Basic, License) or the <c>token</c>/<c>auth</c> query parameter.
    /// Basic with an e-mail address as user name is a password login, honoured only where <paramref name="allowPassword"/>.
    /// </summary>
    public static Credentials? Parse(HttpRequest request, bool allowPassword)
    {
        var header = request.Headers.Authorization.ToString().Trim();
        if (header.Length > 0)
        {
            var space = header.IndexOf(' ');
            var scheme = space < 0 ? header : header[..space];
            var value = space < 0 ? string.Empty : header[(space + 1)..].Trim();
            switch (scheme.ToLowerInvariant())
            {
                case "bearer" or "token":
                    return new Credentials(CredentialKind.Token, value, "Bearer");
                case "license":
                    return new Credentials(CredentialKind.LicenseKey, value, "License");
                case "basic":
                    return ParseBasic(value, allowPassword);
                default:
                    break;
            }
        }

        var query = request.Query;
        var fromQuery = query.TryGetValue("token", out var token) ? token.ToString()
            : query.TryGetValue("auth", out var auth) ? auth.ToString()
            : null;
        return string.IsNullOrEmpty(fromQuery) ? null : Prefixed(fromQuery, "Bearer");
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static Credentials ParseBasic(string encoded, bool allowPassword)
    {
        // Base64 that is not UTF-8 text without NULs is as unusable as base64 that does not decode:
        // an empty token, so a 401 TOKEN_INVALID (and no NUL ever reaches a database lookup).
        string decoded;
        try
        {
            decoded = StrictUtf8.GetString(Convert.FromBase64String(encoded));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return new Credentials(CredentialKind.Token, string.Empty, "Basic");
        }

        if (decoded.Contains('\0'))
        {
            return new Credentials(CredentialKind.Token, string.Empty, "Basic");
        }

        var colon = decoded.IndexOf(':');
        var user = colon < 0 ? decoded : decoded[..colon];
        var password = colon < 0 ? string.Empty : decoded[(colon + 1)..];
        if (allowPassword && user.Contains('@'))
        {
            return new Credentials(CredentialKind.Password, password, "Basic", user);
        }

        return user.ToLowerInvariant() switch
        {
            "license" => new Credentials(CredentialKind.LicenseKey, password, "Basic"),
            "token" => new Credentials(CredentialKind.Token, password, "Basic"),
            _ => new Credentials(CredentialKind.Token, user, "Basic"),
        };
    }

    private static Credentials Prefixed(string value, string scheme)
    {
        if (value.StartsWith("license:", StringComparison.OrdinalIgnoreCase))
        {
            return new Credentials(CredentialKind.LicenseKey, value["license:".Length..], scheme);
        }

        return value.StartsWith("token:", StringComparison.OrdinalIgnoreCase)
            ? new Credentials(CredentialKind.Token, value["token:".Length..], scheme)
            : new Credentials(CredentialKind.Token, value, scheme);
    }
}
