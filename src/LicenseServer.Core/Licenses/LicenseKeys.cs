using System.Security.Cryptography;
using System.Text;

namespace LicenseServer.Core.Licenses;

/// <summary>License key formats and digests (behaviour.md §3.2).</summary>
public static class LicenseKeys
{
    /// <summary>16 random bytes as hex, last two characters "v3", grouped by 6 and upper-cased: XXXXXX-XXXXXX-XXXXXX-XXXXXX-XXXXXX-V3.</summary>
    public static string Generate()
    {
        var hex = Secrets.RandomHex(16);
        hex = hex[..^2] + "v3";
        var groups = Enumerable.Range(0, (hex.Length + 5) / 6).Select(i => hex.Substring(i * 6, Math.Min(6, hex.Length - (i * 6))));
        return string.Join('-', groups).ToUpperInvariant();
    }

    /// <summary>Lower-case hex SHA-256 of the key: keys may be long, so lookups and uniqueness use it.</summary>
    public static string Digest(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
