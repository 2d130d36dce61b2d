using LicenseServer.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Machines;

internal sealed class MachineProcessConfiguration : IEntityTypeConfiguration<MachineProcess>
{
    public void Configure(EntityTypeBuilder<MachineProcess> builder)
    {
        builder.ToTable("processes");
        builder.HasOne<Account>().WithMany().HasForeignKey(p => p.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(p => p.Machine).WithMany().HasForeignKey(p => p.MachineId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.MachineId, p.Pid }).IsUnique();
        builder.HasIndex(p => new { p.AccountId, p.Created });
        builder.Property(p => p.Metadata).HasColumnType("jsonb");
        builder.Ignore(p => p.LoadedMachine);
    }
}
