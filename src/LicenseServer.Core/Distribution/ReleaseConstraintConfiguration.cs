using LicenseServer.Core.Entitlements;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Distribution;

internal sealed class ReleaseConstraintConfiguration()
    : JoinConfiguration<ReleaseConstraint, Release, Entitlement>(nameof(ReleaseConstraint.ReleaseId), nameof(ReleaseConstraint.EntitlementId))
{
    protected override void ConfigureJoin(EntityTypeBuilder<ReleaseConstraint> builder) => builder.HasIndex(c => c.EntitlementId);
}
