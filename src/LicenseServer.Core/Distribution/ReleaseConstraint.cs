using LicenseServer.Core.Environments;
namespace LicenseServer.Core.Distribution;

/// <summary>An entitlement a release is constrained to (type <c>constraints</c>, distribution.md §5).</summary>
public sealed class ReleaseConstraint : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    public Guid ReleaseId { get; set; }

    public Guid EntitlementId { get; set; }
}
