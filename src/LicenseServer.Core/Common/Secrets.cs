using System.Security.Cryptography;
using System.Text;

namespace LicenseServer.Core.Common;

/// <summary>Random secrets, their digests, and constant-time comparison.</summary>
public static class Secrets
{
    public static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>hex(HMAC-SHA256(key = the account secret as ASCII bytes, message = raw)).</summary>
    public static string Digest(string accountSecret, string raw) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.ASCII.GetBytes(accountSecret), Encoding.UTF8.GetBytes(raw)));

    public static bool ConstantTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
