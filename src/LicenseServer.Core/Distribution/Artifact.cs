using LicenseServer.Core.Environments;
namespace LicenseServer.Core.Distribution;

/// <summary>A file of a release (type <c>artifacts</c>, distribution.md §6).</summary>
public sealed class Artifact : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    public Guid ReleaseId { get; set; }

    /// <summary>Unique within the release, case preserved; a name, never a server path (§6.3).</summary>
    public required string Filename { get; set; }

    /// <summary>Lower case, without a leading dot; null for none.</summary>
    public string? Filetype { get; set; }

    /// <summary>Bytes; set from the upload when null.</summary>
    public long? Filesize { get; set; }

    /// <summary>Platform key, lower case; null for none.</summary>
    public string? Platform { get; set; }

    /// <summary>Arch key, lower case; null for none.</summary>
    public string? Arch { get; set; }

    /// <summary>Stored as given (§10.1).</summary>
    public string? Checksum { get; set; }

    /// <summary>Stored as given, never checked (§10.2).</summary>
    public string? Signature { get; set; }

    /// <summary><see cref="ArtifactStatuses"/>.</summary>
    public string Status { get; set; } = ArtifactStatuses.Waiting;

    /// <summary>The <c>Content-Type</c> the upload was sent with, replayed on download; null before the upload.</summary>
    public string? ContentType { get; set; }

    /// <summary>The hex SHA-256 of the stored bytes (the download ETag); null before the upload.</summary>
    public string? ContentSha256 { get; set; }

    /// <summary>JSON object with snake_case keys.</summary>
    public string Metadata { get; set; } = "{}";
}
