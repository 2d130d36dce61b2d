using System.Text;
using System.Text.RegularExpressions;

namespace LicenseServer.Api.Hosting;

/// <summary>
/// Takes secrets out of what is logged: tokens (<c>&lt;prefix&gt;-&lt;64 hex&gt;v3</c>, <c>activ-&lt;32 hex&gt;v3</c> and the
/// legacy v1/v2 forms), license keys in the id position of <c>licenses/{id}</c> paths and in "license '…'" details,
/// the values of secret query parameters (<c>?token=</c>, <c>?auth=</c>, <c>?key=</c>…) and Basic/Bearer credentials.
/// With the request at hand it also masks, wherever they appear, the exact secrets that request carries: its
/// Authorization credentials, secret query values and the license segment of its path. Every logger goes through
/// <see cref="RedactingLoggerFactory"/>, which applies the context-free part to every message, state value and exception.
/// </summary>
public static partial class LogRedaction
{
    public const string Mask = "[REDACTED]";

    /// <summary>Shorter values are not masked by exact match (they would garble messages, and are no secret).</summary>
    private const int MinSecretLength = 4;

    private static readonly string[] SecretParameters = ["token", "auth", "key", "license", "license_key", "password", "secret", "access_token", "api_key"];

    /// <summary>The secrets recognisable by their form or place.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var redacted = TokenPattern().Replace(text, Mask);
        redacted = LicenseSegment().Replace(redacted, NotUuid);
        redacted = QuotedLicense().Replace(redacted, NotUuid);
        redacted = SecretParameter().Replace(redacted, Mask);
        return Credentials().Replace(redacted, Mask);
    }

    /// <summary><see cref="Redact(string?)"/>, and every secret <paramref name="http"/>'s request carries.</summary>
    public static string Redact(string? text, HttpContext? http)
    {
        var redacted = Redact(text);
        if (http is null || redacted.Length == 0)
        {
            return redacted;
        }

        foreach (var secret in SecretsOf(http.Request))
        {
            redacted = redacted.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return redacted;
    }

    /// <summary>The request's path and query as they may be logged.</summary>
    public static string Target(HttpRequest request) => Redact(request.Path.Value + request.QueryString.Value, request.HttpContext);

    /// <summary>The exception itself when nothing in it is secret, else a stand-in with the redacted text and trace.</summary>
    public static Exception Redact(Exception error, HttpContext? http = null)
    {
        var text = error.ToString();
        var redacted = Redact(text, http);
        return redacted == text ? error : new RedactedException(error, Redact(error.Message, http), redacted);
    }

    /// <summary>The secrets in a request's credentials, query and license path segment, longest first.</summary>
    private static List<string> SecretsOf(HttpRequest request)
    {
        var secrets = new List<string>();
        var authorization = request.Headers.Authorization.ToString();
        var space = authorization.IndexOf(' ');
        if (space > 0)
        {
            var credential = authorization[(space + 1)..].Trim();
            secrets.Add(credential);
            if (authorization[..space].Equals("Basic", StringComparison.OrdinalIgnoreCase))
            {
                secrets.AddRange(BasicParts(credential));
            }
        }

        foreach (var (name, values) in request.Query)
        {
            if (SecretParameters.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                foreach (var value in values)
                {
                    secrets.Add(value ?? string.Empty);
                    secrets.Add(Uri.EscapeDataString(value ?? string.Empty));
                }
            }
        }

        var path = request.Path.Value ?? string.Empty;
        var segments = path.Split('/');
        for (var i = 0; i + 1 < segments.Length; i++)
        {
            if (segments[i] == "licenses" && segments[i + 1] != "actions" && !Ids.LooksLikeUuid(segments[i + 1]))
            {
                secrets.Add(segments[i + 1]);
                secrets.Add(Uri.EscapeDataString(segments[i + 1]));
            }
        }

        return secrets.Where(s => s.Length >= MinSecretLength).Distinct().OrderByDescending(s => s.Length).ToList();
    }

    /// <summary>The parts of <c>base64(user:password)</c> that are secret: the password, or the token/key after "token:"/"license:".</summary>
    private static IEnumerable<string> BasicParts(string credential)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(credential));
        }
        catch (FormatException)
        {
            yield break;
        }

        var colon = decoded.IndexOf(':');
        yield return decoded;
        if (colon >= 0)
        {
            yield return decoded[(colon + 1)..];
            yield return decoded[..colon];
        }
    }

    private static string NotUuid(Match match) => Ids.LooksLikeUuid(match.Value) ? match.Value : Mask;

    [GeneratedRegex(@"(?<![0-9A-Za-z])(?:[a-z]{2,6}-)?[0-9a-f][0-9a-f.\-]{30,}v[123](?![0-9A-Za-z])", RegexOptions.IgnoreCase)]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"(?<=/licenses/)(?!actions(?:[/?#\s'""]|$))[^/?#\s'""]+")]
    private static partial Regex LicenseSegment();

    [GeneratedRegex(@"(?<=\blicense ')[^']+(?=')", RegexOptions.IgnoreCase)]
    private static partial Regex QuotedLicense();

    [GeneratedRegex(@"(?<=[?&;](?:token|auth|key|license|license_key|password|secret|access_token|api_key)=)[^&#\s'""]+", RegexOptions.IgnoreCase)]
    private static partial Regex SecretParameter();

    [GeneratedRegex(@"(?<=\b(?:Bearer|Basic) )[A-Za-z0-9._~+/=:\-]{8,}")]
    private static partial Regex Credentials();
}

/// <summary>Stands in for an exception whose message or trace held a secret: the same text with the secrets masked.</summary>
public sealed class RedactedException(Exception original, string message, string text) : Exception(message)
{
    /// <summary>The type of the exception this stands in for.</summary>
    public string OriginalType { get; } = original.GetType().FullName ?? original.GetType().Name;

    public override string? StackTrace => null;

    public override string ToString() => text;
}
