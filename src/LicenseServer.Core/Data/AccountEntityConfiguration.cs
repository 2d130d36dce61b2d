using LicenseServer.Core.Accounts;
using LicenseServer.Core.Environments;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Data;

/// <summary>
/// What every account's table shares, configured once: the account foreign key (the rows go with their account) and, for
/// resources that are listed, the (account, created) index the pages walk. A configuration derives from it and states
/// only what is its own in <see cref="ConfigureOwn"/>.
/// </summary>
/// <param name="listed">Whether the rows are listed per account, newest first, and so need the (account, created) index.</param>
internal abstract class AccountEntityConfiguration<T>(bool listed = true) : IEntityTypeConfiguration<T>
    where T : AccountEntity
{
    public void Configure(EntityTypeBuilder<T> builder)
    {
        builder.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
        if (typeof(IEnvironmentScoped).IsAssignableFrom(typeof(T)))
        {
            // An environment's rows go with it (enterprise.md §1.2, destroy). The index the cascade needs leaves out the global
            // rows (most of them): a row of the global environment, such as a validation's event, is one index entry fewer.
            builder.HasOne<Environments.Environment>().WithMany().HasForeignKey(nameof(IEnvironmentScoped.EnvironmentId)).OnDelete(DeleteBehavior.Cascade);
            builder.HasIndex(nameof(IEnvironmentScoped.EnvironmentId)).HasFilter("environment_id IS NOT NULL");
        }
        if (listed)
        {
            builder.HasIndex(e => new { e.AccountId, e.Created });
        }

        ConfigureOwn(builder);
    }

    /// <summary>The table's own relationships, indexes, column types and ignored members.</summary>
    protected abstract void ConfigureOwn(EntityTypeBuilder<T> builder);
}
