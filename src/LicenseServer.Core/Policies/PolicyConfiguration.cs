using LicenseServer.Core.Products;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Policies;

internal sealed class PolicyConfiguration : AccountEntityConfiguration<Policy>
{
    protected override void ConfigureOwn(EntityTypeBuilder<Policy> builder)
    {
        builder.HasOne<Product>().WithMany().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.AccountId, p.ProductId });
        builder.Property(p => p.Metadata).HasColumnType("jsonb");
        builder.Ignore(p => p.AllowsTokenAuth);
        builder.Ignore(p => p.AllowsLicenseAuth);
        builder.NonNegative("policies", "max_machines", "max_processes", "max_users", "max_cores", "max_memory", "max_disk", "max_uses");
    }
}
