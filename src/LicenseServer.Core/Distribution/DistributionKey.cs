using LicenseServer.Core.Environments;
namespace LicenseServer.Core.Distribution;

/// <summary>
/// One row of the read-only lookups of distribution.md §13 (types <c>engines</c>, <c>channels</c>, <c>platforms</c>,
/// <c>arches</c>): a key some package, release or artifact of the account named, created on first use.
/// </summary>
public sealed class DistributionKey : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    /// <summary><see cref="DistributionKeyKinds"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>Lower case, unique per (account, environment, kind).</summary>
    public required string Key { get; set; }

    public string? Name { get; set; }
}
