using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Machines;

internal sealed class ComponentConfiguration : AccountEntityConfiguration<Component>
{
    protected override void ConfigureOwn(EntityTypeBuilder<Component> builder)
    {
        builder.HasOne(c => c.Machine).WithMany().HasForeignKey(c => c.MachineId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.MachineId, c.Fingerprint }).IsUnique();
        builder.HasIndex(c => new { c.AccountId, c.Fingerprint });
        builder.Property(c => c.Metadata).HasColumnType("jsonb");
    }
}
