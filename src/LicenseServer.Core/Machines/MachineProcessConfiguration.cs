using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Machines;

internal sealed class MachineProcessConfiguration : AccountEntityConfiguration<MachineProcess>
{
    protected override void ConfigureOwn(EntityTypeBuilder<MachineProcess> builder)
    {
        builder.ToTable("processes");
        builder.HasOne(p => p.Machine).WithMany().HasForeignKey(p => p.MachineId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.MachineId, p.Pid }).IsUnique();
        builder.Property(p => p.Metadata).HasColumnType("jsonb");
        builder.Ignore(p => p.LoadedMachine);
    }
}
