using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using LicenseServer.Core.Accounts;
using NSec.Cryptography;
using SignatureAlgorithm = NSec.Cryptography.SignatureAlgorithm;

namespace LicenseServer.Core.Signatures;

/// <summary>
/// The HTTP message signature of behaviour.md §7: a four-line signing string signed with one of the
/// account's keys, sent as <c>Keygen-Signature</c> next to <c>Date</c> and <c>Digest</c>.
/// </summary>
public static class MessageSigner
{
    public const string SignedHeaders = "(request-target) host date digest";

    /// <summary><c>sha-256=</c> and the standard Base64 of the body's SHA-256.</summary>
    public static string Digest(ReadOnlySpan<byte> body) => "sha-256=" + Convert.ToBase64String(SHA256.HashData(body));

    /// <summary>An HTTP date, e.g. <c>Wed, 05 Jun 2024 10:00:00 GMT</c>.</summary>
    public static string Date(DateTimeOffset now) => now.ToUniversalTime().ToString("r", System.Globalization.CultureInfo.InvariantCulture);

    public static string SigningString(string method, string target, string host, string date, string digest) =>
        $"(request-target): {method.ToLowerInvariant()} {target}\nhost: {host}\ndate: {date}\ndigest: {digest}";

    /// <summary>The <c>Keygen-Signature</c> header value for <paramref name="signingString"/>.</summary>
    public static string Header(Account account, string algorithm, string signingString) =>
        $"keyid=\"{account.Id}\", algorithm=\"{algorithm}\", signature=\"{Sign(account, algorithm, Encoding.UTF8.GetBytes(signingString))}\", headers=\"{SignedHeaders}\"";

    /// <summary>The standard Base64 signature of <paramref name="data"/> with the account key for <paramref name="algorithm"/>.</summary>
    public static string Sign(Account account, string algorithm, byte[] data)
    {
        switch (algorithm.ToLowerInvariant())
        {
            case SignatureAlgorithms.RsaPssSha256:
            case SignatureAlgorithms.RsaSha256:
                using (var rsa = RSA.Create())
                {
                    rsa.ImportFromPem(account.RsaPrivateKey);
                    var padding = algorithm.Equals(SignatureAlgorithms.RsaSha256, StringComparison.OrdinalIgnoreCase)
                        ? RSASignaturePadding.Pkcs1
                        : RSASignaturePadding.Pss;
                    return Convert.ToBase64String(rsa.SignData(data, HashAlgorithmName.SHA256, padding));
                }

            case SignatureAlgorithms.EcdsaP256:
                using (var ecdsa = ECDsa.Create())
                {
                    ecdsa.ImportFromPem(account.EcdsaPrivateKey);
                    return Convert.ToBase64String(ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
                }

            default:
                return Convert.ToBase64String(SignatureAlgorithm.Ed25519.Sign(Ed25519Key(account.Ed25519PrivateKey), data));
        }
    }

    /// <summary>
    /// Imported Ed25519 keys by their stored hex (every response is signed, so a key is imported once, not per response).
    /// NSec keys are immutable and safe to share between threads.
    /// </summary>
    private static readonly ConcurrentDictionary<string, Key> Ed25519Keys = new();

    private const int MaxCachedKeys = 10_000;

    public static Key Ed25519Key(string privateKeyHex)
    {
        if (Ed25519Keys.TryGetValue(privateKeyHex, out var cached))
        {
            return cached;
        }

        if (Ed25519Keys.Count >= MaxCachedKeys)
        {
            // Bounded: a server with more accounts than this re-imports keys after a clear (keys are not disposed,
            // since another thread may still be signing with one; the collector frees them).
            Ed25519Keys.Clear();
        }

        return Ed25519Keys.GetOrAdd(privateKeyHex, hex =>
            Key.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(hex), KeyBlobFormat.RawPrivateKey));
    }
}
