using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace LicenseServer.Tests.Infrastructure;

/// <summary>
/// Reads a license or machine file the way a client library does: strips the armor, decodes the
/// <c>{enc, sig, alg}</c> payload, verifies the signature over <c>"{kind}/" + enc</c> and decodes or decrypts
/// the document (AES-256-GCM with key SHA-256(secret)).
/// </summary>
public static class LicenseFileReader
{
    public sealed record Payload(string Kind, string Enc, string Sig, string Alg)
    {
        public string Encoding => Alg.Split('+')[0];

        public string Signature => Alg.Split('+')[1];

        public byte[] SignedBytes => System.Text.Encoding.ASCII.GetBytes($"{Kind}/{Enc}");
    }

    /// <summary>The payload of an armored file; asserts the armor (header, footer, lines of at most 60 characters).</summary>
    public static Payload Decode(string certificate)
    {
        var lines = certificate.Split('\n');
        var header = lines[0];
        var kind = header switch
        {
            "-----BEGIN LICENSE FILE-----" => "license",
            "-----BEGIN MACHINE FILE-----" => "machine",
            _ => throw new InvalidOperationException($"not a license or machine file: {header}"),
        };
        var footer = $"-----END {kind.ToUpperInvariant()} FILE-----";
        var end = Array.IndexOf(lines, footer);
        Assert.True(end > 1, "no footer");
        var body = lines[1..end];
        Assert.All(body, line => Assert.InRange(line.Length, 1, 60));
        var json = JsonNode.Parse(Convert.FromBase64String(string.Concat(body)))!.AsObject();
        Assert.Equal(["enc", "sig", "alg"], json.Select(p => p.Key));
        return new Payload(kind, (string)json["enc"]!, (string)json["sig"]!, (string)json["alg"]!);
    }

    /// <summary>The decoded or decrypted document; <paramref name="secret"/> is needed for aes-256-gcm.</summary>
    public static JsonObject Open(Payload payload, string? secret)
    {
        var plaintext = payload.Encoding switch
        {
            "base64" => Convert.FromBase64String(payload.Enc),
            "aes-256-gcm" => Decrypt(payload.Enc, secret ?? throw new ArgumentNullException(nameof(secret))),
            _ => throw new InvalidOperationException($"unknown encoding {payload.Encoding}"),
        };
        return JsonNode.Parse(plaintext)!.AsObject();
    }

    private static byte[] Decrypt(string enc, string secret)
    {
        var parts = enc.Split('.');
        Assert.Equal(3, parts.Length);
        var (ciphertext, iv, tag) = (Convert.FromBase64String(parts[0]), Convert.FromBase64String(parts[1]), Convert.FromBase64String(parts[2]));
        Assert.Equal(12, iv.Length);
        Assert.Equal(16, tag.Length);
        var plaintext = new byte[ciphertext.Length];
        using var aes = new AesGcm(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), tag.Length);
        aes.Decrypt(iv, ciphertext, tag, plaintext);
        return plaintext;
    }
}
