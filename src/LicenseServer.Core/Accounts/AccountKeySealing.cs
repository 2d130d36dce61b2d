namespace LicenseServer.Core.Accounts;

/// <summary>
/// The accounts' private signing keys at rest: sealed with the server key (<see cref="ServerKeyRing"/>) when an account is
/// saved, opened when one is loaded (once per process: the ring caches what it opened, so signing never decrypts), and
/// re-sealed with the current key at start-up (<see cref="Data.SealedSecrets.SealAllAsync"/>).
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
