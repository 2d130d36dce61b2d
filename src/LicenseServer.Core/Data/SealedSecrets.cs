using LicenseServer.Core.Accounts;
using LicenseServer.Core.Users;

namespace LicenseServer.Core.Data;

/// <summary>
/// Every column that holds a secret sealed with the server key ring (<see cref="ServerKeyRing"/>): the accounts' private
/// signing keys and the users' second-factor secrets. At start-up <see cref="SealAllAsync"/> checks that each opens and
/// seals again with the current key what is plain text (rows from before encryption) or sealed with an older key (after a
/// rotation), so that a rotation ends with one restart. A new sealed column is one more line in <see cref="Columns"/>.
/// </summary>
public static class SealedSecrets
{
    /// <summary>One sealed column: its table, its name, what its values are called in errors, and the associated data of a row's value.</summary>
    private sealed record Column(string Table, string Name, string What, Func<Guid, string> Context)
    {
        // Table and column names come from the list below, never from input.
        public string SelectSql => "SELECT id AS \"Id\", " + Name + " AS \"Value\" FROM " + Table;

        public string UpdateSql => "UPDATE " + Table + " SET " + Name + " = {0} WHERE id = {1}";
    }

    private static readonly Column[] Columns =
    [
        new("accounts", AccountKeySealing.Ed25519Column, "signing keys of account", id => AccountKeySealing.Context(id, AccountKeySealing.Ed25519Column)),
        new("accounts", AccountKeySealing.RsaColumn, "signing keys of account", id => AccountKeySealing.Context(id, AccountKeySealing.RsaColumn)),
        new("accounts", AccountKeySealing.EcdsaColumn, "signing keys of account", id => AccountKeySealing.Context(id, AccountKeySealing.EcdsaColumn)),
        new("second_factors", "secret", "second-factor secret", SecondFactors.Context),
    ];

    /// <summary>A row of one sealed column, as <see cref="SealAllAsync"/> reads it.</summary>
    private sealed record Stored(Guid Id, string Value);

    /// <summary>
    /// Opens every sealed value with the configured server keys and re-seals with the current key those that are plain or
    /// under an older key. Idempotent; nodes starting together take turns on an advisory lock, and a failure changes nothing
    /// (one transaction). Returns how many values were re-sealed.
    /// </summary>
    /// <exception cref="ServerKeyException">Some value does not open with any configured key.</exception>
    public static async Task<int> SealAllAsync(LicenseServerDb db, ServerKeyRing ring, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended('accounts:seal-keys', 0))", ct);
        var resealed = 0;
        foreach (var column in Columns)
        {
            var rows = await db.Database.SqlQueryRaw<Stored>(column.SelectSql).ToListAsync(ct);
            foreach (var row in rows)
            {
                if (ring.IsSealedWithCurrent(row.Value))
                {
                    // Still proves it opens: a value sealed with the current key but under another row's context would not.
                    Open(ring, column, row);
                    continue;
                }

                var sealedValue = ring.Seal(Open(ring, column, row), column.Context(row.Id));
                await db.Database.ExecuteSqlRawAsync(column.UpdateSql, [sealedValue, row.Id], ct);
                resealed++;
            }
        }

        await transaction.CommitAsync(ct);
        return resealed;
    }

    private static string Open(ServerKeyRing ring, Column column, Stored row)
    {
        try
        {
            return ring.Open(row.Value, column.Context(row.Id));
        }
        catch (ServerKeyException error)
        {
            throw new ServerKeyException(
                $"The {column.What} {row.Id} cannot be decrypted with the configured server keys ({error.Message}). " +
                "Configure the server key it was encrypted with (Secrets__KeyFile or Secrets__Key; during a rotation the old one in Secrets__PreviousKeys).");
        }
    }
}
