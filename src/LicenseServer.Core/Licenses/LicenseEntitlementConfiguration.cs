using LicenseServer.Core.Accounts;
using LicenseServer.Core.Entitlements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Licenses;

internal sealed class LicenseEntitlementConfiguration : IEntityTypeConfiguration<LicenseEntitlement>
{
    public void Configure(EntityTypeBuilder<LicenseEntitlement> builder)
    {
        builder.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<License>().WithMany().HasForeignKey(e => e.LicenseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Entitlement>().WithMany().HasForeignKey(e => e.EntitlementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.LicenseId, e.EntitlementId }).IsUnique();
        builder.HasIndex(e => e.EntitlementId);
    }
}
