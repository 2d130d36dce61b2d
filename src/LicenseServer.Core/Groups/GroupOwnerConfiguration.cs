using LicenseServer.Core.Accounts;
using LicenseServer.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Groups;

internal sealed class GroupOwnerConfiguration : IEntityTypeConfiguration<GroupOwner>
{
    public void Configure(EntityTypeBuilder<GroupOwner> builder)
    {
        builder.HasOne<Account>().WithMany().HasForeignKey(o => o.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Group>().WithMany().HasForeignKey(o => o.GroupId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(o => new { o.GroupId, o.UserId }).IsUnique();
        builder.HasIndex(o => new { o.AccountId, o.UserId });
    }
}
