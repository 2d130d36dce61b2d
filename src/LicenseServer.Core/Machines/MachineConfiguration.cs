using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Machines;

internal sealed class MachineConfiguration : AccountEntityConfiguration<Machine>
{
    protected override void ConfigureOwn(EntityTypeBuilder<Machine> builder)
    {
        builder.HasOne(m => m.License).WithMany().HasForeignKey(m => m.LicenseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(m => m.Owner).WithMany().HasForeignKey(m => m.OwnerId).OnDelete(DeleteBehavior.SetNull);

        // A fingerprint is always unique per license: the backstop for concurrent activations.
        builder.HasIndex(m => new { m.LicenseId, m.Fingerprint }).IsUnique();
        builder.HasIndex(m => new { m.AccountId, m.Fingerprint });
        builder.HasIndex(m => m.OwnerId);
        builder.Property(m => m.Metadata).HasColumnType("jsonb");
        builder.Ignore(m => m.LoadedLicense);
        builder.NonNegative("machines", "cores", "memory", "disk");
    }
}
