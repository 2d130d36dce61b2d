using LicenseServer.Core.Environments;
namespace LicenseServer.Core.Distribution;

/// <summary>A version of a product, optionally of one of its packages (type <c>releases</c>, distribution.md §4).</summary>
public sealed class Release : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    public Guid ProductId { get; set; }

    /// <summary>The package, or null for a release of the product itself.</summary>
    public Guid? PackageId { get; set; }

    /// <summary>A new release of <paramref name="version"/> on <paramref name="channel"/>: its version and the parts its precedence orders by (§3.3).</summary>
    public static Release Of(SemanticVersion version, string channel) => new()
    {
        Version = version.ToString(),
        VersionKey = version.SortKey,
        Major = version.Major,
        Minor = version.Minor,
        Patch = version.Patch,
        Prerelease = version.Prerelease,
        Build = version.Build,
        Channel = channel,
    };

    /// <summary>The canonical SemVer string (distribution.md §3.1); never changes.</summary>
    public required string Version { get; set; }

    /// <summary>
    /// The version encoded so that byte order (collation C) is precedence order, build tie-break included (§3.3): what
    /// upgrades and filename lookups sort and compare by in SQL. See <see cref="SemanticVersion.SortKey"/>.
    /// </summary>
    public required string VersionKey { get; set; }

    public long Major { get; set; }

    public long Minor { get; set; }

    public long Patch { get; set; }

    /// <summary>The pre-release identifiers, dot-separated, or null.</summary>
    public string? Prerelease { get; set; }

    /// <summary>The build identifiers, dot-separated, or null.</summary>
    public string? Build { get; set; }

    /// <summary>The channel key (<see cref="ReleaseChannels"/>), lower case; never changes.</summary>
    public required string Channel { get; set; }

    /// <summary><see cref="ReleaseStatuses"/>; changed only by the publish and yank actions.</summary>
    public string Status { get; set; } = ReleaseStatuses.Draft;

    /// <summary>Unique per (product, package); a path alias.</summary>
    public string? Tag { get; set; }

    public string? Name { get; set; }

    /// <summary>Release notes.</summary>
    public string? Description { get; set; }

    /// <summary>JSON object with snake_case keys.</summary>
    public string Metadata { get; set; } = "{}";

    /// <summary>A release time in the past that the expiry window uses instead of <see cref="AccountEntity.Created"/> (§2.2).</summary>
    public DateTime? Backdated { get; set; }

    /// <summary>When the release was last published.</summary>
    public DateTime? Published { get; set; }

    /// <summary>When the release was last yanked; kept when it is published again.</summary>
    public DateTime? Yanked { get; set; }
}
