using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using LicenseServer.Core.Accounts;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Policies;
using LicenseServer.Core.Users;

namespace LicenseServer.Tests.Licenses;

public sealed class SigningLicenseKeys
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

    private static (Policy Policy, License License) Subject(string scheme)
    {
        var policy = new Policy { Name = "P", Scheme = scheme, Duration = 86_400 };
        var license = new License { Key = string.Empty, KeyDigest = string.Empty, PolicyId = policy.Id, Created = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc) };
        return (policy, license);
    }

    private static byte[] FromBase64Url(string value) => Convert.FromBase64String(value.Replace('-', '+').Replace('_', '/'));

    [Fact]
    public void Ed25519_keys_are_a_signed_key_prefix_and_payload()
    {
        var (policy, license) = Subject("ED25519_SIGN");
        var owner = new User { Email = "ada+1@example.com" };

        var key = LicenseSigner.Sign(Account, policy, license, owner, null);

        var (signed, signature) = (key[..key.LastIndexOf('.')], key[(key.LastIndexOf('.') + 1)..]);
        Assert.StartsWith("key/", signed);
        var payload = Encoding.UTF8.GetString(FromBase64Url(signed["key/".Length..]));
        Assert.StartsWith($$"""{"account":{"id":"{{Account.Id}}"},"product":""", payload);
        Assert.Contains("\"email\":\"ada+1@example.com\"", payload);
        Assert.Contains("\"created\":\"2024-03-01T00:00:00.000Z\"", payload);
        var publicKey = NSec.Cryptography.PublicKey.Import(NSec.Cryptography.SignatureAlgorithm.Ed25519, Convert.FromHexString(Keys.Ed25519PublicKey), NSec.Cryptography.KeyBlobFormat.RawPublicKey);
        Assert.True(NSec.Cryptography.SignatureAlgorithm.Ed25519.Verify(publicKey, Encoding.ASCII.GetBytes(signed), FromBase64Url(signature)));
    }

    [Fact]
    public void Rsa_v2_and_ecdsa_signatures_verify_with_the_public_keys()
    {
        foreach (var scheme in new[] { "RSA_2048_PKCS1_SIGN_V2", "ECDSA_P256_SIGN" })
        {
            var (policy, license) = Subject(scheme);
            var key = LicenseSigner.Sign(Account, policy, license, null, "custom-{{id}}");
            var dot = key.LastIndexOf('.');
            var data = Encoding.ASCII.GetBytes(key[..dot]);
            var signature = FromBase64Url(key[(dot + 1)..]);
            Assert.Equal($"custom-{license.Id}", Encoding.UTF8.GetString(FromBase64Url(key[4..dot])));
            if (scheme == "ECDSA_P256_SIGN")
            {
                using var ecdsa = ECDsa.Create();
                ecdsa.ImportFromPem(Keys.EcdsaPublicKey);
                Assert.True(ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            }
            else
            {
                using var rsa = RSA.Create();
                rsa.ImportFromPem(Keys.RsaPublicKey);
                Assert.True(rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
            }
        }
    }

    [Fact]
    public void Pss_signatures_use_the_maximum_salt_length()
    {
        var (policy, license) = Subject("RSA_2048_PKCS1_PSS_SIGN_V2");
        var key = LicenseSigner.Sign(Account, policy, license, null, "payload");
        var dot = key.LastIndexOf('.');
        using var rsa = RSA.Create();
        rsa.ImportFromPem(Keys.RsaPublicKey);
        var parameters = rsa.ExportParameters(false);
        var n = new BigInteger(parameters.Modulus, isUnsigned: true, isBigEndian: true);
        var e = new BigInteger(parameters.Exponent, isUnsigned: true, isBigEndian: true);

        var value = BigInteger.ModPow(new BigInteger(FromBase64Url(key[(dot + 1)..]), isUnsigned: true, isBigEndian: true), e, n).ToByteArray(isUnsigned: true, isBigEndian: true);

        // The encoded message is 256 bytes, its top byte often zero (BigInteger drops it). Unmasking the data block
        // (RFC 8017 §9.1.2) with the maximum salt of 256 - 32 - 2 = 222 bytes leaves no padding: just 0x01 and the salt.
        var em = new byte[256];
        value.CopyTo(em, 256 - value.Length);
        var hash = em[223..255];
        var db = em[..223];
        var mask = Mgf1Sha256(hash, db.Length);
        for (var i = 0; i < db.Length; i++)
        {
            db[i] ^= mask[i];
        }

        db[0] &= 0x7F;
        Assert.Equal(0xBC, em[^1]);
        Assert.Equal(0x01, db[0]);
    }

    private static byte[] Mgf1Sha256(byte[] seed, int length)
    {
        var output = new List<byte>(length + 32);
        for (var counter = 0; output.Count < length; counter++)
        {
            output.AddRange(SHA256.HashData([.. seed, (byte)(counter >> 24), (byte)(counter >> 16), (byte)(counter >> 8), (byte)counter]));
        }

        return output.GetRange(0, length).ToArray();
    }

    [Fact]
    public void Pkcs1_encrypted_keys_decrypt_with_the_public_key()
    {
        var (policy, license) = Subject("RSA_2048_PKCS1_ENCRYPT");
        var key = LicenseSigner.Sign(Account, policy, license, null, null);
        using var rsa = RSA.Create();
        rsa.ImportFromPem(Keys.RsaPublicKey);
        var parameters = rsa.ExportParameters(false);
        var n = new BigInteger(parameters.Modulus, isUnsigned: true, isBigEndian: true);
        var e = new BigInteger(parameters.Exponent, isUnsigned: true, isBigEndian: true);

        var em = BigInteger.ModPow(new BigInteger(FromBase64Url(key), isUnsigned: true, isBigEndian: true), e, n).ToByteArray(isUnsigned: true, isBigEndian: true);

        Assert.Equal(0x01, em[0]);
        var payload = Encoding.UTF8.GetString(em[(Array.IndexOf(em, (byte)0, 1) + 1)..]);
        Assert.Equal($$"""{"id":"{{license.Id}}","created":"2024-03-01T00:00:00.000Z","duration":86400,"expiry":null}""", payload);
    }

    [Fact]
    public void Jwt_keys_need_a_json_object_of_claims()
    {
        var (policy, license) = Subject("RSA_2048_JWT_RS256");

        var jwt = LicenseSigner.Sign(Account, policy, license, null, null);
        var error = Assert.Throws<Core.Errors.DomainError>(() => LicenseSigner.Sign(Account, policy, license, null, "not json"));

        Assert.Equal(3, jwt.Split('.').Length);
        Assert.Equal("KEY_JWT_CLAIMS_INVALID", error.Errors[0].Code);
    }
}
