using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Users;

internal sealed class SecondFactorConfiguration() : AccountEntityConfiguration<SecondFactor>(listed: false)
{
    protected override void ConfigureOwn(EntityTypeBuilder<SecondFactor> builder)
    {
        builder.HasOne<User>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(f => f.StoredSecret).HasColumnName("secret");
        builder.HasIndex(f => new { f.AccountId, f.UserId });
    }
}
