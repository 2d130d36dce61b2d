using LicenseServer.Core.Policies;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Keys;

internal sealed class KeyConfiguration : AccountEntityConfiguration<Key>
{
    protected override void ConfigureOwn(EntityTypeBuilder<Key> builder)
    {
        builder.HasOne<Policy>().WithMany().HasForeignKey(k => k.PolicyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(k => new { k.AccountId, k.ValueDigest }).IsUnique();
        builder.HasIndex(k => new { k.PolicyId, k.Created });
    }
}
