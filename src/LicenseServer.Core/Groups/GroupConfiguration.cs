using LicenseServer.Core.Licenses;
using LicenseServer.Core.Machines;
using LicenseServer.Core.Users;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Groups;

internal sealed class GroupConfiguration : AccountEntityConfiguration<Group>
{
    protected override void ConfigureOwn(EntityTypeBuilder<Group> builder)
    {
        builder.Property(g => g.Metadata).HasColumnType("jsonb");
        builder.NonNegative("groups", "max_users", "max_licenses", "max_machines");

        // Deleting a group leaves its members without a group.
        builder.HasMany<User>().WithOne().HasForeignKey(u => u.GroupId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany<License>().WithOne().HasForeignKey(l => l.GroupId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany<Machine>().WithOne().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.SetNull);
    }
}
