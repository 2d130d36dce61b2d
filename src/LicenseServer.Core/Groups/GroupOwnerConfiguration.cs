using LicenseServer.Core.Users;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Groups;

internal sealed class GroupOwnerConfiguration()
    : JoinConfiguration<GroupOwner, Group, User>(nameof(GroupOwner.GroupId), nameof(GroupOwner.UserId))
{
    protected override void ConfigureJoin(EntityTypeBuilder<GroupOwner> builder) => builder.HasIndex(o => new { o.AccountId, o.UserId });
}
