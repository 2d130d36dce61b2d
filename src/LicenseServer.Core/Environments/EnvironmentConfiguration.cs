using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Environments;

internal sealed class EnvironmentConfiguration : AccountEntityConfiguration<Environment>
{
    protected override void ConfigureOwn(EntityTypeBuilder<Environment> builder)
    {
        builder.HasIndex(e => new { e.AccountId, e.Code });
        builder.ToTable(t => t.HasCheckConstraint("ck_environments_isolation_strategy", "isolation_strategy IN ('ISOLATED', 'SHARED')"));
    }
}
