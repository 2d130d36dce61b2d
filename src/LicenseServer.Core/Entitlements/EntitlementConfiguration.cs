using LicenseServer.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Entitlements;

internal sealed class EntitlementConfiguration : IEntityTypeConfiguration<Entitlement>
{
    public void Configure(EntityTypeBuilder<Entitlement> builder)
    {
        builder.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.AccountId, e.Code }).IsUnique();
        builder.HasIndex(e => new { e.AccountId, e.Created });
        builder.Property(e => e.Metadata).HasColumnType("jsonb");
    }
}
