namespace LicenseServer.Api.Configuration;

/// <summary>
/// The <c>Distribution</c> settings section (distribution.md §9.1). The storage backend's own settings are the
/// <c>Distribution:Storage</c> subsection (<see cref="Artifacts.ArtifactStorageRegistration"/>).
/// </summary>
public sealed class DistributionOptions
{
    public const string Section = "Distribution";

    /// <summary>5 GiB, the largest filesize an artifact may declare.</summary>
    public const long DefaultMaxArtifactSize = 5L * 1024 * 1024 * 1024;

    /// <summary>
    /// The origin (<c>https://dist.example.com</c>, optionally with a path base) of generated storage URLs; unset, the
    /// request's scheme, host and path base.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The largest upload the local backend accepts (413 <c>ARTIFACT_TOO_LARGE</c> beyond it).</summary>
    public long MaxArtifactSize { get; set; } = DefaultMaxArtifactSize;

    /// <summary>
    /// The key of the local backend's signed URLs (at least 32 characters); unset, one derived from the server key, so
    /// that it is made on first start, kept with the server key, and the same on every node.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Where the PyPI simple index sends package names it does not know; empty: answer 404 instead.</summary>
    public string? PypiFallbackUrl { get; set; } = "https://pypi.org/simple";
}
