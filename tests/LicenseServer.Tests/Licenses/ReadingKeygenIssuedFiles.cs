using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.Licenses;

/// <summary>
/// Our test-side reader against real files Keygen's hosted API issued (Fixtures/keygen-issued, see its README):
/// proves the reader follows Keygen's format before it judges the files this server writes.
/// </summary>
public sealed class ReadingKeygenIssuedFiles
{
    private const string Ed25519PublicKeyHex = "e8601e48b69383ba520245fd07971e983d06d22c4257cfd82304601479cee788";
    private const string Fingerprint = "198e9fe586114844f6a4eaca5069b41a7ed43fb5a2df84892b69826d64573e39";

    /// <summary>The key in the shape of an account's meta (keys.ed25519 is the base64 of the hex text).</summary>
    public static readonly JsonNode Keys = new JsonObject
    {
        ["keys"] = new JsonObject { ["ed25519"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Ed25519PublicKeyHex)) },
    };

    public static TheoryData<string, string, string> Files => new()
    {
        { "license-1.lic", "licenses", "B10760-1B177D-656D1F-C03298-9AF89E-V3" },
        { "machine-1.lic", "machines", "B10760-1B177D-656D1F-C03298-9AF89E-V3" + Fingerprint },
        { "license-2.lic", "licenses", "AFCC0A-B8C07F-F77E6C-93FB02-9FC515-V3" },
        { "license-3.lic", "licenses", "DC00E8-CC6DA1-2E35BF-BBDC02-E80494-V3" },
    };

    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "keygen-issued", name));

    [Theory]
    [MemberData(nameof(Files))]
    public void The_signature_verifies_and_the_document_decrypts(string name, string type, string secret)
    {
        var payload = LicenseFileReader.Decode(Read(name));

        Assert.Equal("aes-256-gcm+ed25519", payload.Alg);
        Assert.Equal(type == "machines" ? "machine" : "license", payload.Kind);
        Assert.True(Signatures.Verify(payload.Signature, Keys, payload.SignedBytes, Convert.FromBase64String(payload.Sig)));
        var document = LicenseFileReader.Open(payload, secret);
        Assert.Equal(type, (string?)document["data"]!["type"]);
        Assert.Equal(["data", "included", "meta"], document.Select(p => p.Key));
        Assert.Equal(["issued", "expiry", "ttl"], document["meta"]!.AsObject().Select(p => p.Key));
        Assert.NotEmpty(document["included"]!.AsArray());
    }

    [Fact]
    public void A_changed_enc_fails_the_signature_and_a_wrong_key_fails_decryption()
    {
        var payload = LicenseFileReader.Decode(Read("license-1.lic"));
        var tampered = payload with { Enc = "A" + payload.Enc[1..] };

        Assert.False(Signatures.Verify("ed25519", Keys, tampered.SignedBytes, Convert.FromBase64String(payload.Sig)));
        Assert.False(Signatures.Verify("ed25519", Keys, Encoding.ASCII.GetBytes("machine/" + payload.Enc), Convert.FromBase64String(payload.Sig)));
        Assert.ThrowsAny<CryptographicException>(() => LicenseFileReader.Open(payload, "AFCC0A-B8C07F-F77E6C-93FB02-9FC515-V3"));
    }
}
