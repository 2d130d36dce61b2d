using LicenseServer.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Users;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.HasOne<Account>().WithMany().HasForeignKey(u => u.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(u => new { u.AccountId, u.Email }).IsUnique();
        builder.HasIndex(u => new { u.AccountId, u.Created });
        builder.Property(u => u.Metadata).HasColumnType("jsonb");
        builder.Ignore(u => u.FullName);
        builder.Ignore(u => u.IsBanned);
        builder.Ignore(u => u.HasPassword);
    }
}
