using System.Security.Cryptography;
using System.Text;
using LicenseServer.Core.Accounts;
using LicenseServer.Core.Signatures;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Core.Licenses;

/// <summary>
/// The certificate of a license file or machine file (behaviour.md §4.8): the document encoded (Base64) or
/// encrypted (AES-256-GCM), signed with an account key over <c>"{kind}/" + enc</c>, and armored as
/// <c>-----BEGIN LICENSE FILE-----</c> … (<c>MACHINE FILE</c> for machines), wrapped at 60 columns.
/// </summary>
public static class CertificateFile
{
    public const string LicenseKind = "license";
    public const string MachineKind = "machine";

    public const string Base64 = "base64";
    public const string Aes256Gcm = "aes-256-gcm";

    private const int LineLength = 60;

    /// <summary>
    /// The <c>enc+sig</c> algorithm of a check-out: the requested one when given, otherwise AES-256-GCM when
    /// <paramref name="encrypt"/> is set (else Base64) signed with the default of the license's scheme.
    /// </summary>
    public static string Algorithm(string? requested, bool encrypt, string? scheme)
    {
        if (string.IsNullOrWhiteSpace(requested))
        {
            return $"{(encrypt ? Aes256Gcm : Base64)}+{DefaultSignature(scheme)}";
        }

        var parts = requested.Trim().ToLowerInvariant().Split('+', 2);
        if (parts[0] is not (Base64 or Aes256Gcm))
        {
            throw DomainError.BadParameter("algorithm", "invalid encoding algorithm", "CHECKOUT_ALGORITHM_INVALID");
        }

        if (parts.Length < 2 || !SignatureAlgorithms.All.Contains(parts[1]))
        {
            throw DomainError.BadParameter("algorithm", "invalid signing algorithm", "CHECKOUT_ALGORITHM_INVALID");
        }

        return $"{parts[0]}+{parts[1]}";
    }

    public static string DefaultSignature(string? scheme) => scheme switch
    {
        Schemes.Ed25519Sign => SignatureAlgorithms.Ed25519,
        Schemes.Rsa2048Pkcs1PssSign or Schemes.Rsa2048Pkcs1PssSignV2 => SignatureAlgorithms.RsaPssSha256,
        Schemes.Rsa2048Pkcs1Sign or Schemes.Rsa2048Pkcs1SignV2 or Schemes.Rsa2048Pkcs1Encrypt or Schemes.Rsa2048JwtRs256 => SignatureAlgorithms.RsaSha256,
        Schemes.EcdsaP256Sign => SignatureAlgorithms.EcdsaP256,
        _ => SignatureAlgorithms.Ed25519,
    };

    /// <summary>
    /// The armored certificate for <paramref name="document"/> (UTF-8 JSON). <paramref name="kind"/> is "license" or
    /// "machine"; <paramref name="algorithm"/> a valid <c>enc+sig</c> (<see cref="Algorithm"/>); <paramref name="secret"/>
    /// is the encryption secret (the license key, plus the fingerprint for machine files), used only by AES-256-GCM.
    /// </summary>
    public static string Build(string kind, byte[] document, string algorithm, string secret, Account account)
    {
        var (encoding, signature) = Split(algorithm);
        var enc = encoding == Aes256Gcm ? Encrypt(document, secret) : Convert.ToBase64String(document);
        var sig = MessageSigner.Sign(account, signature, Encoding.ASCII.GetBytes($"{kind}/{enc}"));

        // Base64 and the algorithm names need no JSON escaping: the payload is written as is, keys in this order.
        var payload = $"{{\"enc\":\"{enc}\",\"sig\":\"{sig}\",\"alg\":\"{encoding}+{signature}\"}}";
        return Armor(kind == MachineKind ? "MACHINE FILE" : "LICENSE FILE", Encoding.UTF8.GetBytes(payload));
    }

    /// <summary>AES-256-GCM with key SHA-256(secret), a random 12-byte IV and no AAD: <c>b64(ct).b64(iv).b64(tag)</c>.</summary>
    public static string Encrypt(byte[] plaintext, string secret)
    {
        var key = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        var iv = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(key, tag.Length))
        {
            aes.Encrypt(iv, plaintext, ciphertext, tag);
        }

        return $"{Convert.ToBase64String(ciphertext)}.{Convert.ToBase64String(iv)}.{Convert.ToBase64String(tag)}";
    }

    private static (string Encoding, string Signature) Split(string algorithm)
    {
        var parts = algorithm.Split('+', 2);
        return (parts[0], parts[1]);
    }

    private static string Armor(string label, byte[] payload)
    {
        var text = Convert.ToBase64String(payload);
        var armored = new StringBuilder();
        armored.Append("-----BEGIN ").Append(label).Append("-----\n");
        for (var start = 0; start < text.Length; start += LineLength)
        {
            armored.Append(text, start, Math.Min(LineLength, text.Length - start)).Append('\n');
        }

        armored.Append("-----END ").Append(label).Append("-----\n");
        return armored.ToString();
    }
}
