using LicenseServer.Core.Accounts;
using LicenseServer.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Licenses;

internal sealed class LicenseUserConfiguration : IEntityTypeConfiguration<LicenseUser>
{
    public void Configure(EntityTypeBuilder<LicenseUser> builder)
    {
        builder.HasOne<Account>().WithMany().HasForeignKey(u => u.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<License>().WithMany().HasForeignKey(u => u.LicenseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(u => u.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(u => new { u.LicenseId, u.UserId }).IsUnique();
        builder.HasIndex(u => new { u.AccountId, u.UserId });
    }
}
