using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LicenseServer.Core.Data;

/// <summary>CHECK constraints for what the code validates but the database must also never hold.</summary>
internal static class CheckConstraints
{
    /// <summary>
    /// <c>CHECK (column &gt;= 0)</c> named <c>ck_&lt;table&gt;_&lt;column&gt;_non_negative</c> for each counter or limit
    /// (null passes); <see cref="DbErrors"/> reads a violation back as that attribute's <c>_INVALID</c>.
    /// </summary>
    public static void NonNegative<T>(this EntityTypeBuilder<T> builder, string table, params string[] columns)
        where T : class =>
        builder.ToTable(t =>
        {
            foreach (var column in columns)
            {
                t.HasCheckConstraint($"ck_{table}_{column}_non_negative", $"{column} >= 0");
            }
        });
}
