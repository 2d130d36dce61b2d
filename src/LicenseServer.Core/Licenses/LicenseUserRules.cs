using Npgsql;

namespace LicenseServer.Core.Licenses;

/// <summary>
/// The users of a license (its owner plus the attached users) under <c>maxUsers</c>. Attaching users and setting
/// the owner serialize on the license (a transaction-scoped advisory lock, like activations, so the license row and
/// its usage counter stay unlocked) and count what is committed, so concurrent requests, also from other server
/// processes, cannot together pass the limit or attach one user twice.
/// </summary>
public static class LicenseUserRules
{
    /// <summary>
    /// Takes the license's users lock and reads its owner and attached users in the same round trip. Call inside a
    /// transaction; 404 when the license was deleted meanwhile.
    /// </summary>
    public static async Task<LicenseUsers> LockAndReadAsync(LicenseServerDb db, Guid licenseId, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        {
            Parameters = { new NpgsqlParameter<string> { TypedValue = "users:" + licenseId } },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT owner_id, array(SELECT user_id FROM license_users WHERE license_id = $1)
            FROM licenses WHERE id = $1
            """)
        {
            Parameters = { new NpgsqlParameter<Guid> { TypedValue = licenseId } },
        });
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw DomainError.NotFound("license", licenseId.ToString());
        }

        var owner = await reader.IsDBNullAsync(0, ct) ? (Guid?)null : reader.GetGuid(0);
        return new LicenseUsers(owner, reader.GetFieldValue<Guid[]>(1));
    }

    public static DomainError LimitExceeded(int max) =>
        DomainError.Invalid("/data/relationships/users", "USER_LIMIT_EXCEEDED", $"user count has exceeded maximum allowed by current policy ({max})");
}

/// <summary>A license's owner and attached users as committed when its users lock was taken.</summary>
public sealed record LicenseUsers(Guid? OwnerId, Guid[] Attached)
{
    /// <summary>Owner plus attached users, what <c>maxUsers</c> limits.</summary>
    public int Count => Attached.Length + (OwnerId is null ? 0 : 1);
}
