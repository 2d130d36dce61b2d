using LicenseServer.Core.Products;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Distribution;

internal sealed class PackageConfiguration : AccountEntityConfiguration<Package>
{
    protected override void ConfigureOwn(EntityTypeBuilder<Package> builder)
    {
        builder.HasOne<Product>().WithMany().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.AccountId, p.Key }).IsUnique();
        builder.HasIndex(p => p.ProductId);
        builder.Property(p => p.Metadata).HasColumnType("jsonb");
    }
}
