using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Products;

internal sealed class ProductConfiguration : AccountEntityConfiguration<Product>
{
    protected override void ConfigureOwn(EntityTypeBuilder<Product> builder)
    {
        builder.HasIndex(p => new { p.AccountId, p.Code }).IsUnique();
        builder.Property(p => p.Metadata).HasColumnType("jsonb");
    }
}
