using System.Security.Cryptography;
using NSec.Cryptography;

namespace LicenseServer.Core.Accounts;

/// <summary>The key pairs every account gets at creation: RSA-2048, Ed25519 and ECDSA P-256.</summary>
public sealed record AccountKeys(
    string Ed25519PrivateKey,
    string Ed25519PublicKey,
    string RsaPrivateKey,
    string RsaPublicKey,
    string EcdsaPrivateKey,
    string EcdsaPublicKey)
{
    public static AccountKeys Generate()
    {
        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        using var ed25519 = Key.Create(SignatureAlgorithm.Ed25519, parameters);
        using var rsa = RSA.Create(2048);
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new AccountKeys(
            Convert.ToHexStringLower(ed25519.Export(KeyBlobFormat.RawPrivateKey)),
            Convert.ToHexStringLower(ed25519.PublicKey.Export(KeyBlobFormat.RawPublicKey)),
            rsa.ExportRSAPrivateKeyPem(),
            rsa.ExportSubjectPublicKeyInfoPem(),
            ecdsa.ExportECPrivateKeyPem(),
            ecdsa.ExportSubjectPublicKeyInfoPem());
    }
}
