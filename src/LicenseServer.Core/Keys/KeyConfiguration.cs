using LicenseServer.Core.Accounts;
using LicenseServer.Core.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Keys;

internal sealed class KeyConfiguration : IEntityTypeConfiguration<Key>
{
    public void Configure(EntityTypeBuilder<Key> builder)
    {
        builder.HasOne<Account>().WithMany().HasForeignKey(k => k.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Policy>().WithMany().HasForeignKey(k => k.PolicyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(k => new { k.AccountId, k.ValueDigest }).IsUnique();
        builder.HasIndex(k => new { k.AccountId, k.Created });
        builder.HasIndex(k => new { k.PolicyId, k.Created });
    }
}
