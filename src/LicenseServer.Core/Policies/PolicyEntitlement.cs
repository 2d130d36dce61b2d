using LicenseServer.Core.Environments;
namespace LicenseServer.Core.Policies;

/// <summary>An entitlement attached to a policy (type <c>policy-entitlements</c>); every license of the policy holds it.</summary>
public sealed class PolicyEntitlement : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    public Guid PolicyId { get; set; }

    public Guid EntitlementId { get; set; }
}
