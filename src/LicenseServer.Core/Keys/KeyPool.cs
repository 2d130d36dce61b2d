namespace LicenseServer.Core.Keys;

/// <summary>
/// Takes the newest key out of a policy's pool. Concurrent pops never get the same key: the row is
/// deleted through <c>FOR UPDATE SKIP LOCKED</c>, so a competing transaction moves on to the next key.
/// Call it inside the transaction that uses the key, so a failed create puts the key back.
/// </summary>
public static class KeyPool
{
    public static async Task<Key?> PopAsync(LicenseServerDb db, Guid accountId, Guid policyId, CancellationToken ct)
    {
        var popped = await db.Keys
            .FromSql($"""
                DELETE FROM keys WHERE id = (
                    SELECT id FROM keys WHERE account_id = {accountId} AND policy_id = {policyId}
                    ORDER BY created DESC, id DESC LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING *
                """)
            .IgnoreQueryFilters() // a DELETE … RETURNING cannot be composed; the policy was found in the current environment
            .AsNoTracking()
            .ToListAsync(ct);
        return popped.Count == 0 ? null : popped[0];
    }
}
