using LicenseServer.Core.Environments;
namespace LicenseServer.Core.Keys;

/// <summary>A pre-made license key waiting in a pooled policy's pool (resources.md §10).</summary>
public sealed class Key : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    public Guid PolicyId { get; set; }

    public Guid ProductId { get; set; }

    public required string Value { get; set; }

    /// <summary>SHA-256 of <see cref="Value"/>: keys may be long, so uniqueness and lookup go through the digest.</summary>
    public required string ValueDigest { get; set; }
}
