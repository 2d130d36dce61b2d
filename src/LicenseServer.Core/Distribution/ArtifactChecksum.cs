using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace LicenseServer.Core.Distribution;

/// <summary>
/// What an artifact's free-form <c>checksum</c> string says about its bytes (distribution.md §10.1): the digest it
/// encodes (hex, or standard or URL-safe base64, padded or not) and the algorithm its length implies (16 bytes MD5,
/// 20 SHA-1, 28 SHA-224, 32 SHA-256, 48 SHA-384, 64 SHA-512). A checksum of any other shape is unknown and not verified.
/// </summary>
public sealed partial record ArtifactChecksum(string Algorithm, byte[] Digest)
{
    /// <summary>The algorithm names as the engines print them (<c>sha256</c>, <c>md5</c>, …), by digest length.</summary>
    private static readonly Dictionary<int, string> Algorithms = new()
    {
        [16] = "md5",
        [20] = "sha1",
        [28] = "sha224",
        [32] = "sha256",
        [48] = "sha384",
        [64] = "sha512",
    };

    /// <summary>The recognised digest of <paramref name="checksum"/> for upload verification, or null when it is unknown.</summary>
    public static ArtifactChecksum? Recognize(string? checksum)
    {
        if (string.IsNullOrEmpty(checksum))
        {
            return null;
        }

        var digest = HexDigit().IsMatch(checksum) && checksum.Length % 2 == 0
            ? Convert.FromHexString(checksum)
            : FromBase64(checksum);
        return digest is not null && Algorithms.TryGetValue(digest.Length, out var algorithm) ? new ArtifactChecksum(algorithm, digest) : null;
    }

    /// <summary>
    /// The narrower recognition of the engines (pypi hash fragments, npm integrity): hex, optionally <c>0x</c>-prefixed, or
    /// padded standard base64 (length a multiple of 4). The second value tells which encoding it was.
    /// </summary>
    public static (ArtifactChecksum Checksum, bool Hex)? RecognizeForEngines(string? checksum)
    {
        if (string.IsNullOrEmpty(checksum))
        {
            return null;
        }

        var hex = checksum.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? checksum[2..] : checksum;
        byte[]? digest = null;
        var isHex = false;
        if (hex.Length > 0 && hex.Length % 2 == 0 && HexDigit().IsMatch(hex))
        {
            digest = Convert.FromHexString(hex);
            isHex = true;
        }
        else if (checksum.Length % 4 == 0)
        {
            try
            {
                digest = Convert.FromBase64String(checksum);
            }
            catch (FormatException)
            {
            }
        }

        return digest is not null && Algorithms.TryGetValue(digest.Length, out var algorithm)
            ? (new ArtifactChecksum(algorithm, digest), isHex)
            : null;
    }

    /// <summary>
    /// A running hash of this checksum's algorithm, to feed the bytes through while they stream; null for SHA-224, which
    /// .NET does not provide (such a checksum is stored but not verified).
    /// </summary>
    public IncrementalHash? NewHash() => Algorithm switch
    {
        "md5" => IncrementalHash.CreateHash(HashAlgorithmName.MD5),
        "sha1" => IncrementalHash.CreateHash(HashAlgorithmName.SHA1),
        "sha256" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
        "sha384" => IncrementalHash.CreateHash(HashAlgorithmName.SHA384),
        "sha512" => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
        _ => null,
    };

    /// <summary>True when <paramref name="digest"/> (of the received bytes, same algorithm) equals this checksum's.</summary>
    public bool Matches(ReadOnlySpan<byte> digest) => CryptographicOperations.FixedTimeEquals(Digest, digest);

    private static byte[]? FromBase64(string value)
    {
        var standard = value.Replace('-', '+').Replace('_', '/').TrimEnd('=');
        if (standard.Length % 4 == 1)
        {
            return null;
        }

        standard = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(standard);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[0-9a-fA-F]+$")]
    private static partial Regex HexDigit();
}
