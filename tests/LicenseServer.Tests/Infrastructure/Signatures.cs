using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NSec.Cryptography;

namespace LicenseServer.Tests.Infrastructure;

/// <summary>Reads and verifies <c>Keygen-Signature</c> headers with the public keys an account shows in its meta.</summary>
public static partial class Signatures
{
    /// <summary>The <c>name="value"</c> parts of a signature header.</summary>
    public static Dictionary<string, string> Parse(string header) =>
        Parts().Matches(header).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    /// <summary>Verifies with the key for <paramref name="algorithm"/> from an account's <c>meta</c> (publicKey, keys).</summary>
    public static bool Verify(string algorithm, JsonNode keys, byte[] data, byte[] signature)
    {
        string Pem(JsonNode? node) => Encoding.UTF8.GetString(Convert.FromBase64String((string)node!));
        switch (algorithm.ToLowerInvariant())
        {
            case "ed25519":
                var hex = Pem(keys["keys"]!["ed25519"]);
                var key = PublicKey.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(hex), KeyBlobFormat.RawPublicKey);
                return SignatureAlgorithm.Ed25519.Verify(key, data, signature);
            case "ecdsa-p256":
                using (var ecdsa = ECDsa.Create())
                {
                    ecdsa.ImportFromPem(Pem(keys["keys"]!["ecdsa"]));
                    return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
                }

            default:
                using (var rsa = RSA.Create())
                {
                    rsa.ImportFromPem(Pem(keys["publicKey"]));
                    var padding = algorithm.Equals("rsa-sha256", StringComparison.OrdinalIgnoreCase) ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss;
                    return rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, padding);
                }
        }
    }

    [GeneratedRegex("(\\w+)=\"([^\"]*)\"")]
    private static partial Regex Parts();
}
