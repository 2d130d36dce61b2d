using LicenseServer.Core.Entitlements;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Licenses;

internal sealed class LicenseEntitlementConfiguration()
    : JoinConfiguration<LicenseEntitlement, License, Entitlement>(nameof(LicenseEntitlement.LicenseId), nameof(LicenseEntitlement.EntitlementId))
{
    protected override void ConfigureJoin(EntityTypeBuilder<LicenseEntitlement> builder) => builder.HasIndex(e => e.EntitlementId);
}
