using LicenseServer.Core.Entitlements;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Policies;

internal sealed class PolicyEntitlementConfiguration()
    : JoinConfiguration<PolicyEntitlement, Policy, Entitlement>(nameof(PolicyEntitlement.PolicyId), nameof(PolicyEntitlement.EntitlementId))
{
    protected override void ConfigureJoin(EntityTypeBuilder<PolicyEntitlement> builder) => builder.HasIndex(e => e.EntitlementId);
}
