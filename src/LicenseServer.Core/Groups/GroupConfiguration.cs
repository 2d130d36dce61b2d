using LicenseServer.Core.Accounts;
using LicenseServer.Core.Data;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Machines;
using LicenseServer.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Groups;

internal sealed class GroupConfiguration : IEntityTypeConfiguration<Group>
{
    public void Configure(EntityTypeBuilder<Group> builder)
    {
        builder.HasOne<Account>().WithMany().HasForeignKey(g => g.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(g => new { g.AccountId, g.Created });
        builder.Property(g => g.Metadata).HasColumnType("jsonb");
        builder.NonNegative("groups", "max_users", "max_licenses", "max_machines");

        // Deleting a group leaves its members without a group.
        builder.HasMany<User>().WithOne().HasForeignKey(u => u.GroupId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany<License>().WithOne().HasForeignKey(l => l.GroupId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany<Machine>().WithOne().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.SetNull);
    }
}
