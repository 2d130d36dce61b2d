using LicenseServer.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Machines;

internal sealed class ComponentConfiguration : IEntityTypeConfiguration<Component>
{
    public void Configure(EntityTypeBuilder<Component> builder)
    {
        builder.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(c => c.Machine).WithMany().HasForeignKey(c => c.MachineId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.MachineId, c.Fingerprint }).IsUnique();
        builder.HasIndex(c => new { c.AccountId, c.Fingerprint });
        builder.HasIndex(c => new { c.AccountId, c.Created });
        builder.Property(c => c.Metadata).HasColumnType("jsonb");
    }
}
