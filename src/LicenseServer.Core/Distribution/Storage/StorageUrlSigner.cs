using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace LicenseServer.Core.Distribution.Storage;

/// <summary>
/// Signs and checks the local backend's storage URLs (distribution.md §9.3): the signature is the unpadded base64url
/// HMAC-SHA256 of <c>"&lt;METHOD&gt;\n&lt;artifact id&gt;\n&lt;expires&gt;"</c> under the distribution signing key, where
/// METHOD is <c>PUT</c> for upload URLs and <c>GET</c> for download URLs (a <c>HEAD</c> is checked as <c>GET</c>), so a
/// download URL cannot upload and the other way round.
/// </summary>
public sealed class StorageUrlSigner(byte[] key)
{
    public const string Upload = "PUT";
    public const string Download = "GET";

    /// <summary>The signature of <paramref name="method"/> on <paramref name="artifactId"/> until <paramref name="expires"/> (unix seconds, as written in the URL).</summary>
    public string Sign(string method, Guid artifactId, string expires) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{method}\n{artifactId:D}\n{expires}")));

    /// <summary>True when <paramref name="signature"/> is the one <see cref="Sign"/> makes for these values (compared in constant time).</summary>
    public bool Verifies(string method, Guid artifactId, string expires, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length > 64)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(method, artifactId, expires));
        var given = Encoding.UTF8.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
