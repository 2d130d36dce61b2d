namespace LicenseServer.Core.Signatures;

/// <summary>The signature algorithms of responses and webhook deliveries (behaviour.md §7).</summary>
public static class SignatureAlgorithms
{
    public const string Ed25519 = "ed25519";
    public const string RsaPssSha256 = "rsa-pss-sha256";
    public const string RsaSha256 = "rsa-sha256";
    public const string EcdsaP256 = "ecdsa-p256";

    public static readonly IReadOnlyList<string> All = [Ed25519, RsaPssSha256, RsaSha256, EcdsaP256];
}
