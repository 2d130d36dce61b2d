using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Distribution;

internal sealed class ArtifactConfiguration : AccountEntityConfiguration<Artifact>
{
    protected override void ConfigureOwn(EntityTypeBuilder<Artifact> builder)
    {
        builder.HasOne<Release>().WithMany().HasForeignKey(a => a.ReleaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.ReleaseId, a.Filename }).IsUnique();

        // Lookup by filename across releases (§6.4).
        builder.HasIndex(a => new { a.AccountId, a.Filename });
        builder.Property(a => a.Metadata).HasColumnType("jsonb");
        builder.NonNegative("artifacts", "filesize");
    }
}
