using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Accounts;

internal sealed class AccountSettingConfiguration : AccountEntityConfiguration<AccountSetting>
{
    protected override void ConfigureOwn(EntityTypeBuilder<AccountSetting> builder) =>
        builder.HasIndex(s => new { s.AccountId, s.Key }).IsUnique();
}
