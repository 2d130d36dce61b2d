using System.Text.RegularExpressions;
using LicenseServer.Core.Signatures;

namespace LicenseServer.Api.Signatures;

/// <summary>
/// The <c>Keygen-Accept-Signature</c> request header (behaviour.md §7): <c>keyid="&lt;account id&gt;", algorithm="&lt;alg&gt;"</c>,
/// keyid optional. It chooses the algorithm that signs the response.
/// </summary>
public static partial class AcceptSignature
{
    public const string Header = "Keygen-Accept-Signature";

    /// <summary>The algorithm as the client wrote it (it is echoed back), or ed25519 without the header; 400 when it is unusable.</summary>
    public static string Resolve(HttpRequest request, Guid accountId)
    {
        var value = request.Headers[Header].ToString().Trim();
        if (value.Length == 0)
        {
            return SignatureAlgorithms.Ed25519;
        }

        var match = Pattern().Match(value);
        if (!match.Success)
        {
            throw Invalid("malformed");
        }

        var algorithm = match.Groups["algorithm"].Value;
        if (!SignatureAlgorithms.All.Contains(algorithm.ToLowerInvariant()))
        {
            throw Invalid("unsupported algorithm");
        }

        var keyId = match.Groups["keyid"];
        if (keyId.Success && !(Guid.TryParse(keyId.Value, out var id) && id == accountId))
        {
            throw Invalid("keyid not found");
        }

        return algorithm;
    }

    private static DomainError Invalid(string why) => DomainError.BadRequest($"invalid accept-signature header ({why})");

    [GeneratedRegex("""^(?:keyid\s*=\s*"(?<keyid>[^"]*)"\s*,\s*)?algorithm\s*=\s*"(?<algorithm>[^"]*)"$""", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
