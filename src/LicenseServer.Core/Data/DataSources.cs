using Npgsql;

namespace LicenseServer.Core.Data;

/// <summary>
/// The server's connection pools: the primary, which takes every write and every read that must see the latest state, and
/// the reads pool (README "Scale out"), which is the standbys of <c>ConnectionStrings:Replica</c> with the primary behind
/// them (Npgsql's multi-host <c>prefer-standby</c>: a standby while one answers, else the primary). Without a replica
/// the reads pool is the primary.
/// </summary>
public sealed class DataSources(NpgsqlDataSource primary, NpgsqlDataSource? replica)
{
    public NpgsqlDataSource Primary { get; } = primary;

    /// <summary>The pool for reads that a standby may answer: the replica's, or the primary when none is configured.</summary>
    public NpgsqlDataSource Reads { get; } = replica ?? primary;

    public bool HasReplica { get; } = replica is not null;

    /// <summary>
    /// Reads a row from the pool <paramref name="db"/> reads from; a row a standby does not have yet (made moments ago, on
    /// any node) is read again from the primary, so what was just created is found everywhere at once. When the primary is
    /// down the standby's answer (nothing) stands.
    /// </summary>
    public async Task<T?> ReadAsync<T>(LicenseServerDb db, Func<NpgsqlDataSource, Task<T?>> read)
        where T : class
    {
        if (!db.OnReplica || !HasReplica)
        {
            return await read(Primary);
        }

        var found = await read(Reads);
        if (found is not null)
        {
            return found;
        }

        try
        {
            return await read(Primary);
        }
        catch (Exception e) when (DatabaseOutage.Is(e))
        {
            return null;
        }
    }
}
