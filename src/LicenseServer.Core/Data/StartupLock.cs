using Npgsql;

namespace LicenseServer.Core.Data;

/// <summary>
/// The start-up tasks of a node (migrations, resealing secrets, the first account) run under one session-level
/// advisory lock, so replicas started together take turns: the first migrates, the others find nothing left to do.
/// Held on a connection of its own until disposed; a node that dies releases it with its connection.
/// </summary>
public sealed class StartupLock : IAsyncDisposable
{
    private const string Key = "licenseserver:startup";

    private readonly NpgsqlConnection _connection;

    private StartupLock(NpgsqlConnection connection) => _connection = connection;

    /// <summary>Waits for the lock (while another node runs its start-up tasks) and takes it.</summary>
    public static async Task<StartupLock> AcquireAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended($1, 0))", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = Key });
            await command.ExecuteNonQueryAsync(ct);
            return new StartupLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended($1, 0))", _connection);
            command.Parameters.Add(new NpgsqlParameter { Value = Key });
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            // Closing the session releases the lock as well, should the unlock itself have failed.
            await _connection.DisposeAsync();
        }
    }
}
