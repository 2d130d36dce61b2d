using LicenseServer.Core.Environments;
namespace LicenseServer.Core.Licenses;

/// <summary>An entitlement attached to a license itself (type <c>license-entitlements</c>), besides its policy's.</summary>
public sealed class LicenseEntitlement : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    public Guid LicenseId { get; set; }

    public Guid EntitlementId { get; set; }
}
