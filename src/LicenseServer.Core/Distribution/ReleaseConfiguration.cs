using LicenseServer.Core.Products;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Distribution;

internal sealed class ReleaseConfiguration : AccountEntityConfiguration<Release>
{
    protected override void ConfigureOwn(EntityTypeBuilder<Release> builder)
    {
        builder.HasOne<Product>().WithMany().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Package>().WithMany().HasForeignKey(r => r.PackageId).OnDelete(DeleteBehavior.Cascade);

        // One version and one tag per (product, package); "no package" is a value of its own.
        builder.HasIndex(r => new { r.ProductId, r.Version }).IsUnique().HasFilter("package_id IS NULL");
        builder.HasIndex(r => new { r.ProductId, r.PackageId, r.Version }).IsUnique().HasFilter("package_id IS NOT NULL");
        builder.HasIndex(r => new { r.ProductId, r.Tag }).IsUnique().HasFilter("package_id IS NULL AND tag IS NOT NULL");
        builder.HasIndex(r => new { r.ProductId, r.PackageId, r.Tag }).IsUnique().HasFilter("package_id IS NOT NULL AND tag IS NOT NULL");

        // Alias lookups (§1.4) and upgrades, which walk a product's releases in version order.
        builder.HasIndex(r => new { r.AccountId, r.Version });
        builder.HasIndex(r => new { r.AccountId, r.Tag }).HasFilter("tag IS NOT NULL");
        builder.HasIndex(r => new { r.ProductId, r.VersionKey });
        builder.HasIndex(r => r.PackageId).HasFilter("package_id IS NOT NULL");

        builder.Property(r => r.VersionKey).UseCollation("C");
        builder.Property(r => r.Metadata).HasColumnType("jsonb");
    }
}
