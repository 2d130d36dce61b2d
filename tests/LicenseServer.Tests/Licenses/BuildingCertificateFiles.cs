using System.Text;
using System.Text.Json.Nodes;
using LicenseServer.Core.Accounts;
using LicenseServer.Core.Errors;
using LicenseServer.Core.Licenses;
using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.Licenses;

/// <summary><see cref="CertificateFile"/> without HTTP: armor, payload order, wrapping, encryption and algorithm choice.</summary>
public sealed class BuildingCertificateFiles
{
    private static readonly AccountKeys Keys = AccountKeys.Generate();

    private static readonly Account Account = new()
    {
        Name = "A",
        Slug = "a",
        Secret = new string('0', 128),
        Ed25519PrivateKey = Keys.Ed25519PrivateKey,
        Ed25519PublicKey = Keys.Ed25519PublicKey,
        RsaPrivateKey = Keys.RsaPrivateKey,
        RsaPublicKey = Keys.RsaPublicKey,
        EcdsaPrivateKey = Keys.EcdsaPrivateKey,
        EcdsaPublicKey = Keys.EcdsaPublicKey,
    };

    /// <summary>The public keys in the shape of an account's meta.</summary>
    private static readonly JsonNode PublicKeys = new JsonObject
    {
        ["publicKey"] = B64(Keys.RsaPublicKey),
        ["keys"] = new JsonObject { ["ed25519"] = B64(Keys.Ed25519PublicKey), ["ecdsa"] = B64(Keys.EcdsaPublicKey) },
    };

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static readonly byte[] Document = Encoding.UTF8.GetBytes("{\"data\":{\"id\":\"1\",\"type\":\"licenses\"},\"included\":[],\"meta\":{\"issued\":\"x\",\"expiry\":null,\"ttl\":null}}");

    [Theory]
    [MemberData(nameof(CheckingOutLicenseFiles.Algorithms), MemberType = typeof(CheckingOutLicenseFiles))]
    public void A_built_file_verifies_and_opens_to_the_same_document(string algorithm)
    {
        var certificate = CertificateFile.Build(CertificateFile.MachineKind, Document, algorithm, "KEY" + "fingerprint", Account);

        var payload = LicenseFileReader.Decode(certificate);
        Assert.Equal(algorithm, payload.Alg);
        Assert.True(Signatures.Verify(payload.Signature, PublicKeys, payload.SignedBytes, Convert.FromBase64String(payload.Sig)));
        Assert.Equal(Document, Encoding.UTF8.GetBytes(LicenseFileReader.Open(payload, "KEYfingerprint").ToJsonString()));
    }

    [Fact]
    public void The_payload_is_compact_json_in_enc_sig_alg_order_wrapped_at_60_columns()
    {
        var certificate = CertificateFile.Build(CertificateFile.LicenseKind, Document, "base64+ed25519", "KEY", Account);

        var lines = certificate.Split('\n');
        Assert.Equal("-----BEGIN LICENSE FILE-----", lines[0]);
        Assert.Equal("-----END LICENSE FILE-----", lines[^2]);
        Assert.Equal(string.Empty, lines[^1]);
        Assert.All(lines[1..^3], line => Assert.Equal(60, line.Length));
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(lines[1..^2])));
        Assert.Matches("^\\{\"enc\":\"[A-Za-z0-9+/=]+\",\"sig\":\"[A-Za-z0-9+/=]+\",\"alg\":\"base64\\+ed25519\"\\}$", payload);
        Assert.Contains($"\"enc\":\"{Convert.ToBase64String(Document)}\"", payload);
    }

    [Fact]
    public void Encryption_uses_a_fresh_iv_each_time()
    {
        var first = CertificateFile.Encrypt(Document, "KEY").Split('.');
        var second = CertificateFile.Encrypt(Document, "KEY").Split('.');

        Assert.NotEqual(first[1], second[1]);
        Assert.NotEqual(first[0], second[0]);
    }

    [Theory]
    [InlineData("", false, null, "base64+ed25519")]
    [InlineData(null, true, "RSA_2048_JWT_RS256", "aes-256-gcm+rsa-sha256")]
    [InlineData("BASE64+ECDSA-P256", true, null, "base64+ecdsa-p256")]
    [InlineData(null, false, "RSA_2048_PKCS1_PSS_SIGN", "base64+rsa-pss-sha256")]
    [InlineData(null, false, "LEGACY_ENCRYPT", "base64+ed25519")]
    public void The_algorithm_is_the_requested_one_or_the_default(string? requested, bool encrypt, string? scheme, string expected) =>
        Assert.Equal(expected, CertificateFile.Algorithm(requested, encrypt, scheme));

    [Theory]
    [InlineData("ed25519", "invalid encoding algorithm")]
    [InlineData("aes-256-cbc+ed25519", "invalid encoding algorithm")]
    [InlineData("aes-256-gcm", "invalid signing algorithm")]
    [InlineData("aes-256-gcm+rsa-pss-sha512", "invalid signing algorithm")]
    public void An_unknown_algorithm_is_a_400_naming_the_part(string requested, string detail)
    {
        var error = Assert.Throws<DomainError>(() => CertificateFile.Algorithm(requested, false, null));

        var item = Assert.Single(error.Errors);
        Assert.Equal(detail, item.Detail);
        Assert.Equal("CHECKOUT_ALGORITHM_INVALID", item.Code);
        Assert.Equal("algorithm", item.Source?.Parameter);
    }

    [Fact]
    public void Includes_map_the_legacy_user_names_and_reject_others()
    {
        Assert.Equal(["owner", "entitlements"], CheckOutIncludes.ForLicense(["user", "entitlements", "owner"]));
        Assert.Equal(["license.owner"], CheckOutIncludes.ForMachine(["license.user"]));
        Assert.Throws<DomainError>(() => CheckOutIncludes.ForMachine(["user"]));
        Assert.Throws<DomainError>(() => CheckOutIncludes.ForLicense(["license"]));
    }
}
