using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LicenseServer.Core.Accounts;
using LicenseServer.Core.Policies;
using LicenseServer.Core.Signatures;
using LicenseServer.Core.Users;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Core.Licenses;

/// <summary>
/// Keys of policies with a signing or encryption scheme (behaviour.md §3.4): the seed (a supplied key with its
/// template variables filled in, or the default JSON payload) signed or encrypted with the account's keys.
/// </summary>
public static partial class LicenseSigner
{
    private const string Pointer = "/data/attributes/key";

    public static string Sign(Account account, Policy policy, License license, User? owner, string? supplied)
    {
        var scheme = policy.Scheme ?? throw new InvalidOperationException("The policy has no scheme.");
        var seed = supplied is null ? DefaultSeed(account, policy, license, owner) : Substitute(supplied, account, policy, license, owner);
        var bytes = Encoding.UTF8.GetBytes(seed);
        switch (scheme)
        {
            case Schemes.Ed25519Sign:
            case Schemes.EcdsaP256Sign:
            case Schemes.Rsa2048Pkcs1SignV2:
            case Schemes.Rsa2048Pkcs1PssSignV2:
                var signed = "key/" + SignedJson.Base64Url(bytes);
                return $"{signed}.{SignedJson.Base64Url(Signature(account, scheme, Encoding.ASCII.GetBytes(signed)))}";
            case Schemes.Rsa2048Pkcs1Sign:
            case Schemes.Rsa2048Pkcs1PssSign:
                return $"{SignedJson.Base64Url(bytes)}.{SignedJson.Base64Url(Signature(account, scheme, bytes))}";
            case Schemes.Rsa2048Pkcs1Encrypt:
                if (bytes.Length > 245)
                {
                    throw DomainError.Invalid(Pointer, "KEY_BYTE_SIZE_EXCEEDED", "key exceeds maximum byte length (max size of 245 bytes)");
                }

                return SignedJson.Base64Url(PrivateEncrypt(account, bytes));
            case Schemes.Rsa2048JwtRs256:
                return Jwt(account, supplied is null ? seed : Claims(seed));
            default:
                throw DomainError.Invalid(Pointer, "KEY_NOT_SUPPORTED", "cannot be specified for a legacy encrypted license");
        }
    }

    /// <summary>The default seed: compact JSON with keys in a fixed order; PKCS1_ENCRYPT and JWT have their own.</summary>
    public static string DefaultSeed(Account account, Policy policy, License license, User? owner) => policy.Scheme switch
    {
        Schemes.Rsa2048Pkcs1Encrypt => SignedJson.Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", license.Id);
            w.WriteString("created", SignedJson.Time(license.Created));
            w.WriteNullableNumber("duration", policy.Duration);
            w.WriteNullableString("expiry", license.Expiry is { } e ? SignedJson.Time(e) : null);
            w.WriteEndObject();
        }),
        Schemes.Rsa2048JwtRs256 => SignedJson.Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("jti", Guid.NewGuid());
            w.WriteString("iss", "https://keygen.sh");
            w.WriteString("aud", account.Id);
            w.WriteString("sub", license.Id);
            w.WriteNumber("iat", new DateTimeOffset(license.Created).ToUnixTimeSeconds());
            w.WriteNumber("nbf", new DateTimeOffset(license.Created).ToUnixTimeSeconds());
            if (license.Expiry is { } expiry)
            {
                w.WriteNumber("exp", new DateTimeOffset(expiry).ToUnixTimeSeconds());
            }

            w.WriteEndObject();
        }),
        _ => SignedJson.Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("account");
            w.WriteString("id", account.Id);
            w.WriteEndObject();
            w.WriteStartObject("product");
            w.WriteString("id", policy.ProductId);
            w.WriteEndObject();
            w.WriteStartObject("policy");
            w.WriteString("id", policy.Id);
            w.WriteNullableNumber("duration", policy.Duration);
            w.WriteEndObject();
            if (owner is null)
            {
                w.WriteNull("user");
            }
            else
            {
                w.WriteStartObject("user");
                w.WriteString("id", owner.Id);
                w.WriteString("email", owner.Email);
                w.WriteEndObject();
            }

            w.WriteStartObject("license");
            w.WriteString("id", license.Id);
            w.WriteString("created", SignedJson.Time(license.Created));
            w.WriteNullableString("expiry", license.Expiry is { } expiry ? SignedJson.Time(expiry) : null);
            w.WriteEndObject();
            w.WriteEndObject();
        }),
    };

    /// <summary>Fills <c>{{name}}</c> variables (case-insensitive); unknown names become empty.</summary>
    public static string Substitute(string template, Account account, Policy policy, License license, User? owner) =>
        TemplateVariable().Replace(template, match => match.Groups[1].Value.ToLowerInvariant() switch
        {
            "account" => account.Id.ToString(),
            "product" => policy.ProductId.ToString(),
            "policy" => policy.Id.ToString(),
            "user" => owner?.Id.ToString() ?? string.Empty,
            "email" => owner?.Email ?? string.Empty,
            "created" => SignedJson.Time(license.Created),
            "expiry" => license.Expiry is { } expiry ? SignedJson.Time(expiry) : string.Empty,
            "duration" => policy.Duration?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            "id" => license.Id.ToString(),
            _ => string.Empty,
        });

    [GeneratedRegex(@"\{\{\s*(\w+)\s*\}\}")]
    private static partial Regex TemplateVariable();

    /// <summary>A legacy-encrypted key (behaviour.md §3.5): 128 hex characters ending in v1, the first 32 being the license id, in 4 groups.</summary>
    public static string LegacyKey(License license)
    {
        var hex = license.Id.ToString("N") + Common.Secrets.RandomHex(48)[..^2] + "v1";
        return string.Join('-', Enumerable.Range(0, 4).Select(i => hex.Substring(i * 32, 32)));
    }

    /// <summary>URL-safe base64 with padding, as keys use it.</summary>
    private static byte[] Signature(Account account, string scheme, byte[] data)
    {
        switch (scheme)
        {
            case Schemes.Ed25519Sign:
                using (var key = NSec.Cryptography.Key.Import(NSec.Cryptography.SignatureAlgorithm.Ed25519,
                    Convert.FromHexString(account.Ed25519PrivateKey), NSec.Cryptography.KeyBlobFormat.RawPrivateKey))
                {
                    return NSec.Cryptography.SignatureAlgorithm.Ed25519.Sign(key, data);
                }

            case Schemes.EcdsaP256Sign:
                using (var ecdsa = ECDsa.Create())
                {
                    ecdsa.ImportFromPem(account.EcdsaPrivateKey);
                    return ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
                }

            case Schemes.Rsa2048Pkcs1PssSignV2:
            case Schemes.Rsa2048Pkcs1PssSign:
                return PssSign(account, data);
            default:
                using (var rsa = RSA.Create())
                {
                    rsa.ImportFromPem(account.RsaPrivateKey);
                    return rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                }
        }
    }

    /// <summary>RSASSA-PSS with SHA-256, MGF1-SHA-256 and the maximum salt length (222 bytes for 2048-bit keys).</summary>
    private static byte[] PssSign(Account account, byte[] message)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(account.RsaPrivateKey);
        var parameters = rsa.ExportParameters(includePrivateParameters: true);
        var modulusBits = (int)new BigInteger(parameters.Modulus, isUnsigned: true, isBigEndian: true).GetBitLength();
        var emBits = modulusBits - 1;
        var emLength = (emBits + 7) / 8;
        const int hashLength = 32;
        var saltLength = emLength - hashLength - 2;
        var salt = RandomNumberGenerator.GetBytes(saltLength);
        var mPrime = new byte[8 + hashLength + saltLength];
        SHA256.HashData(message).CopyTo(mPrime, 8);
        salt.CopyTo(mPrime, 8 + hashLength);
        var h = SHA256.HashData(mPrime);
        var db = new byte[emLength - hashLength - 1];
        db[emLength - saltLength - hashLength - 2] = 0x01;
        salt.CopyTo(db, db.Length - saltLength);
        var mask = Mgf1(h, db.Length);
        for (var i = 0; i < db.Length; i++)
        {
            db[i] ^= mask[i];
        }

        db[0] &= (byte)(0xFF >> ((8 * emLength) - emBits));
        var em = new byte[emLength];
        db.CopyTo(em, 0);
        h.CopyTo(em, db.Length);
        em[^1] = 0xBC;
        return RawPrivate(parameters, em);
    }

    private static byte[] Mgf1(byte[] seed, int length)
    {
        var output = new byte[length];
        var block = new byte[seed.Length + 4];
        seed.CopyTo(block, 0);
        for (int counter = 0, offset = 0; offset < length; counter++, offset += 32)
        {
            block[^4] = (byte)(counter >> 24);
            block[^3] = (byte)(counter >> 16);
            block[^2] = (byte)(counter >> 8);
            block[^1] = (byte)counter;
            var digest = SHA256.HashData(block);
            Array.Copy(digest, 0, output, offset, Math.Min(32, length - offset));
        }

        return output;
    }

    /// <summary>RSA "private-key encryption" with PKCS#1 v1.5 type-1 padding (what OpenSSL's private_encrypt does).</summary>
    private static byte[] PrivateEncrypt(Account account, byte[] message)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(account.RsaPrivateKey);
        var parameters = rsa.ExportParameters(includePrivateParameters: true);
        var k = parameters.Modulus!.Length;
        var em = new byte[k];
        em[1] = 0x01;
        for (var i = 2; i < k - message.Length - 1; i++)
        {
            em[i] = 0xFF;
        }

        message.CopyTo(em, k - message.Length);
        return RawPrivate(parameters, em);
    }

    private static byte[] RawPrivate(RSAParameters parameters, byte[] encoded)
    {
        var n = new BigInteger(parameters.Modulus, isUnsigned: true, isBigEndian: true);
        var d = new BigInteger(parameters.D, isUnsigned: true, isBigEndian: true);
        var result = BigInteger.ModPow(new BigInteger(encoded, isUnsigned: true, isBigEndian: true), d, n)
            .ToByteArray(isUnsigned: true, isBigEndian: true);
        var output = new byte[parameters.Modulus!.Length];
        result.CopyTo(output, output.Length - result.Length);
        return output;
    }

    /// <summary>A supplied JWT payload must be a JSON object of claims.</summary>
    private static string Claims(string seed)
    {
        try
        {
            using var document = JsonDocument.Parse(seed);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var claim in new[] { "exp", "nbf", "iat" })
                {
                    if (document.RootElement.TryGetProperty(claim, out var value) && value.ValueKind != JsonValueKind.Number)
                    {
                        throw DomainError.Invalid(Pointer, "KEY_JWT_CLAIMS_INVALID",
                            $"key is not a valid JWT claims payload ({claim} claim must be a numeric value representing a timestamp)");
                    }
                }

                return seed;
            }
        }
        catch (JsonException)
        {
        }

        throw DomainError.Invalid(Pointer, "KEY_JWT_CLAIMS_INVALID", "key is not a valid JWT claims payload (must be a valid JSON encoded string)");
    }

    private static string Jwt(Account account, string claims)
    {
        static string Part(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var signingInput = $"{Part("""{"alg":"RS256"}"""u8.ToArray())}.{Part(Encoding.UTF8.GetBytes(claims))}";
        using var rsa = RSA.Create();
        rsa.ImportFromPem(account.RsaPrivateKey);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Part(signature)}";
    }
}
