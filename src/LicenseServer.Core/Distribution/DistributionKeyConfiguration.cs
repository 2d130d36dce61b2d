using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Distribution;

internal sealed class DistributionKeyConfiguration() : AccountEntityConfiguration<DistributionKey>(listed: false)
{
    protected override void ConfigureOwn(EntityTypeBuilder<DistributionKey> builder)
    {
        // One row per key and kind in each environment; the global environment is a value of its own.
        builder.HasIndex(k => new { k.AccountId, k.Kind, k.Key }).IsUnique().HasFilter("environment_id IS NULL");
        builder.HasIndex(k => new { k.AccountId, k.EnvironmentId, k.Kind, k.Key }).IsUnique().HasFilter("environment_id IS NOT NULL");
        builder.HasIndex(k => new { k.AccountId, k.Kind, k.Created });
    }
}
