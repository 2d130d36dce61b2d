using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Tokens;

internal sealed class TokenConfiguration : AccountEntityConfiguration<Token>
{
    protected override void ConfigureOwn(EntityTypeBuilder<Token> builder)
    {
        builder.HasIndex(t => new { t.AccountId, t.Digest }).IsUnique();
        builder.HasIndex(t => new { t.AccountId, t.BearerType, t.BearerId });
        builder.Ignore(t => t.Holder);
        builder.NonNegative("tokens", "activations", "deactivations", "max_activations", "max_deactivations");
    }
}
