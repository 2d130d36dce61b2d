using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Entitlements;

internal sealed class EntitlementConfiguration : AccountEntityConfiguration<Entitlement>
{
    protected override void ConfigureOwn(EntityTypeBuilder<Entitlement> builder)
    {
        builder.HasIndex(e => new { e.AccountId, e.Code }).IsUnique();
        builder.Property(e => e.Metadata).HasColumnType("jsonb");
    }
}
