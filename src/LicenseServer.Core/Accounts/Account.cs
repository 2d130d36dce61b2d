namespace LicenseServer.Core.Accounts;

public sealed class Account
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public required string Slug { get; set; }

    public string ApiVersion { get; set; } = ApiVersions.Current;

    public bool Protected { get; set; }

    /// <summary>128 hex characters; keys the HMAC digests of tokens. Never leaves the server.</summary>
    public required string Secret { get; set; }

    /// <summary>
    /// Ed25519 private key seed, 64 hex characters. The three private keys are plain only in memory: the database holds
    /// them sealed with the server key (the <c>Stored…</c> properties, see <see cref="AccountKeySealing"/>).
    /// </summary>
    public required string Ed25519PrivateKey { get; set; }

    /// <summary>Ed25519 public key, 64 lowercase hex characters.</summary>
    public required string Ed25519PublicKey { get; set; }

    public required string RsaPrivateKey { get; set; }

    public required string RsaPublicKey { get; set; }

    public required string EcdsaPrivateKey { get; set; }

    public required string EcdsaPublicKey { get; set; }

    /// <summary>The Ed25519 private key as the database holds it (sealed with the server key).</summary>
    public string StoredEd25519PrivateKey { get; set; } = string.Empty;

    public string StoredRsaPrivateKey { get; set; } = string.Empty;

    public string StoredEcdsaPrivateKey { get; set; } = string.Empty;

    public DateTime Created { get; set; }

    public DateTime Updated { get; set; }
}
