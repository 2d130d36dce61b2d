using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Accounts;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.HasIndex(a => a.Slug).IsUnique();
        builder.Property(a => a.Name).HasMaxLength(255);
        builder.Property(a => a.Slug).HasMaxLength(255);
        builder.Ignore(a => a.Ed25519PrivateKey);
        builder.Ignore(a => a.RsaPrivateKey);
        builder.Ignore(a => a.EcdsaPrivateKey);
        builder.Property(a => a.StoredEd25519PrivateKey).HasColumnName(AccountKeySealing.Ed25519Column);
        builder.Property(a => a.StoredRsaPrivateKey).HasColumnName(AccountKeySealing.RsaColumn);
        builder.Property(a => a.StoredEcdsaPrivateKey).HasColumnName(AccountKeySealing.EcdsaColumn);
    }
}
