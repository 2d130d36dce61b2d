using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Core.Accounts;

/// <summary>
/// The accounts' private signing keys at rest: sealed with the server key (<see cref="ServerKeyRing"/>) when an account is
/// saved, opened when one is loaded (once per process: the ring caches what it opened, so signing never decrypts), and
/// re-sealed with the current key at start-up (<see cref="SealAllAsync"/>).
/// </summary>
public static class AccountKeySealing
{
    public const string Ed25519Column = "ed25519private_key";
    public const string RsaColumn = "rsa_private_key";
    public const string EcdsaColumn = "ecdsa_private_key";

    /// <summary>Fills the plain keys of an account just read (see <see cref="Data.AccountKeysInterceptor"/>).</summary>
    public static void Open(Account account, ServerKeyRing? ring)
    {
        account.Ed25519PrivateKey = Open(ring, account.Id, Ed25519Column, account.StoredEd25519PrivateKey);
        account.RsaPrivateKey = Open(ring, account.Id, RsaColumn, account.StoredRsaPrivateKey);
        account.EcdsaPrivateKey = Open(ring, account.Id, EcdsaColumn, account.StoredEcdsaPrivateKey);
    }

    /// <summary>Seals the plain keys of a new account into its stored ones.</summary>
    public static void Seal(Account account, ServerKeyRing ring)
    {
        account.StoredEd25519PrivateKey = ring.Seal(account.Ed25519PrivateKey, Context(account.Id, Ed25519Column));
        account.StoredRsaPrivateKey = ring.Seal(account.RsaPrivateKey, Context(account.Id, RsaColumn));
        account.StoredEcdsaPrivateKey = ring.Seal(account.EcdsaPrivateKey, Context(account.Id, EcdsaColumn));
    }

    /// <summary>
    /// Checks that every account's keys open with the configured server keys and seals with the current key those that are
    /// plain text (rows from before encryption) or sealed with an older key (after a rotation). Idempotent; nodes starting
    /// together take turns on an advisory lock. Returns how many accounts were re-sealed.
    /// </summary>
    /// <exception cref="ServerKeyException">Some account's keys do not open with any configured key.</exception>
    public static async Task<int> SealAllAsync(LicenseServerDb db, ServerKeyRing ring, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended('accounts:seal-keys', 0))", ct);
        var rows = await db.Accounts.AsNoTracking()
            .Select(a => new { a.Id, a.StoredEd25519PrivateKey, a.StoredRsaPrivateKey, a.StoredEcdsaPrivateKey })
            .ToListAsync(ct);
        var resealed = 0;
        foreach (var row in rows)
        {
            string ed25519, rsa, ecdsa;
            try
            {
                ed25519 = ring.Open(row.StoredEd25519PrivateKey, Context(row.Id, Ed25519Column));
                rsa = ring.Open(row.StoredRsaPrivateKey, Context(row.Id, RsaColumn));
                ecdsa = ring.Open(row.StoredEcdsaPrivateKey, Context(row.Id, EcdsaColumn));
            }
            catch (ServerKeyException error)
            {
                throw new ServerKeyException(
                    $"The signing keys of account {row.Id} cannot be decrypted with the configured server keys ({error.Message}). " +
                    "Configure the server key they were encrypted with (Secrets__KeyFile or Secrets__Key; during a rotation the old one in Secrets__PreviousKeys).");
            }

            if (ring.IsSealedWithCurrent(row.StoredEd25519PrivateKey) && ring.IsSealedWithCurrent(row.StoredRsaPrivateKey)
                && ring.IsSealedWithCurrent(row.StoredEcdsaPrivateKey))
            {
                continue;
            }

            var sealedEd25519 = ring.Seal(ed25519, Context(row.Id, Ed25519Column));
            var sealedRsa = ring.Seal(rsa, Context(row.Id, RsaColumn));
            var sealedEcdsa = ring.Seal(ecdsa, Context(row.Id, EcdsaColumn));
            await db.Accounts.Where(a => a.Id == row.Id).ExecuteUpdateAsync(set => set
                .SetProperty(a => a.StoredEd25519PrivateKey, sealedEd25519)
                .SetProperty(a => a.StoredRsaPrivateKey, sealedRsa)
                .SetProperty(a => a.StoredEcdsaPrivateKey, sealedEcdsa), ct);
            resealed++;
        }

        await transaction.CommitAsync(ct);
        return resealed;
    }

    /// <summary>The associated data of a sealed key: its row and column, so it opens only where it was written.</summary>
    public static string Context(Guid accountId, string column) => $"accounts/{accountId}/{column}";

    private static string Open(ServerKeyRing? ring, Guid accountId, string column, string stored)
    {
        if (ring is null)
        {
            return ServerKeyRing.IsSealed(stored)
                ? throw new ServerKeyException("An account's signing keys are encrypted, and no server key is configured.")
                : stored;
        }

        return ring.Open(stored, Context(accountId, column));
    }
}
