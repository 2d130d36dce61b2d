using LicenseServer.Core.Products;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Licenses;

internal sealed class LicenseConfiguration : AccountEntityConfiguration<License>
{
    protected override void ConfigureOwn(EntityTypeBuilder<License> builder)
    {
        builder.HasOne(l => l.Policy).WithMany().HasForeignKey(l => l.PolicyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(l => l.Owner).WithMany().HasForeignKey(l => l.OwnerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(l => new { l.AccountId, l.KeyDigest }).IsUnique();
        builder.HasIndex(l => new { l.AccountId, l.PolicyId });
        builder.HasIndex(l => new { l.AccountId, l.ProductId });
        builder.HasIndex(l => new { l.AccountId, l.OwnerId });
        builder.HasIndex(l => l.Expiry).HasFilter("expiry IS NOT NULL");
        builder.Property(l => l.Metadata).HasColumnType("jsonb");
        builder.Ignore(l => l.AttachedUsers);
        builder.Ignore(l => l.Machines);
        builder.Ignore(l => l.LoadedPolicy);

        // Room in each page so the frequent lastValidated and check-in updates stay heap-only (no index writes).
        builder.HasStorageParameter("fillfactor", 80);
        builder.NonNegative("licenses", "uses", "max_machines", "max_processes", "max_users", "max_cores", "max_memory", "max_disk", "max_uses");
    }
}
