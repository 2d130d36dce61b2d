using LicenseServer.Core.Accounts;
using LicenseServer.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Tokens;

internal sealed class TokenConfiguration : IEntityTypeConfiguration<Token>
{
    public void Configure(EntityTypeBuilder<Token> builder)
    {
        builder.HasOne<Account>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.AccountId, t.Digest }).IsUnique();
        builder.HasIndex(t => new { t.AccountId, t.BearerType, t.BearerId });
        builder.HasIndex(t => new { t.AccountId, t.Created });
        builder.NonNegative("tokens", "activations", "deactivations", "max_activations", "max_deactivations");
    }
}
