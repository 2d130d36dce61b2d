using LicenseServer.Core.Accounts;
using LicenseServer.Core.Entitlements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Policies;

internal sealed class PolicyEntitlementConfiguration : IEntityTypeConfiguration<PolicyEntitlement>
{
    public void Configure(EntityTypeBuilder<PolicyEntitlement> builder)
    {
        builder.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Policy>().WithMany().HasForeignKey(e => e.PolicyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Entitlement>().WithMany().HasForeignKey(e => e.EntitlementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.PolicyId, e.EntitlementId }).IsUnique();
        builder.HasIndex(e => e.EntitlementId);
    }
}
