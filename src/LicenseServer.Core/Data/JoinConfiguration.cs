using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Data;

/// <summary>
/// A join table (license users, license entitlements, policy entitlements, group owners): a row of the account that joins
/// one <typeparamref name="TLeft"/> to one <typeparamref name="TRight"/>, deleted with either, at most once per pair.
/// </summary>
/// <param name="left">The property holding the <typeparamref name="TLeft"/> id; it leads the unique index.</param>
/// <param name="right">The property holding the <typeparamref name="TRight"/> id.</param>
internal abstract class JoinConfiguration<T, TLeft, TRight>(string left, string right) : AccountEntityConfiguration<T>(listed: false)
    where T : AccountEntity
    where TLeft : class
    where TRight : class
{
    protected sealed override void ConfigureOwn(EntityTypeBuilder<T> builder)
    {
        builder.HasOne<TLeft>().WithMany().HasForeignKey(left).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TRight>().WithMany().HasForeignKey(right).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(left, right).IsUnique();
        ConfigureJoin(builder);
    }

    /// <summary>The join's own further indexes.</summary>
    protected abstract void ConfigureJoin(EntityTypeBuilder<T> builder);
}
