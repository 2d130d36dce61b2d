using LicenseServer.Core.Accounts;
using LicenseServer.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Machines;

internal sealed class MachineConfiguration : IEntityTypeConfiguration<Machine>
{
    public void Configure(EntityTypeBuilder<Machine> builder)
    {
        builder.HasOne<Account>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(m => m.License).WithMany().HasForeignKey(m => m.LicenseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(m => m.Owner).WithMany().HasForeignKey(m => m.OwnerId).OnDelete(DeleteBehavior.SetNull);

        // A fingerprint is always unique per license: the backstop for concurrent activations.
        builder.HasIndex(m => new { m.LicenseId, m.Fingerprint }).IsUnique();
        builder.HasIndex(m => new { m.AccountId, m.Fingerprint });
        builder.HasIndex(m => new { m.AccountId, m.Created });
        builder.HasIndex(m => m.OwnerId);
        builder.Property(m => m.Metadata).HasColumnType("jsonb");
        builder.Ignore(m => m.LoadedLicense);
        builder.NonNegative("machines", "cores", "memory", "disk");
    }
}
