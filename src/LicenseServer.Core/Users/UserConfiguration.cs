using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Users;

internal sealed class UserConfiguration : AccountEntityConfiguration<User>
{
    protected override void ConfigureOwn(EntityTypeBuilder<User> builder)
    {
        builder.HasIndex(u => new { u.AccountId, u.Email }).IsUnique();
        builder.Property(u => u.Metadata).HasColumnType("jsonb");
        builder.Ignore(u => u.FullName);
        builder.Ignore(u => u.IsBanned);
        builder.Ignore(u => u.HasPassword);
    }
}
