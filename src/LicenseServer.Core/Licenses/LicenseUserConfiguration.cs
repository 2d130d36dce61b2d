using LicenseServer.Core.Users;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Licenses;

internal sealed class LicenseUserConfiguration()
    : JoinConfiguration<LicenseUser, License, User>(nameof(LicenseUser.LicenseId), nameof(LicenseUser.UserId))
{
    protected override void ConfigureJoin(EntityTypeBuilder<LicenseUser> builder) => builder.HasIndex(u => new { u.AccountId, u.UserId });
}
