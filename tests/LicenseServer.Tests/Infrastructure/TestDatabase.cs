using Npgsql;

namespace LicenseServer.Tests.Infrastructure;

/// <summary>
/// A uniquely named database on the server named by LICENSESERVER_TEST_DB (scripts/test starts a
/// throwaway cluster and sets it). Dropped again when the tests end.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _serverConnectionString;

    private TestDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name, MaxPoolSize = 100 }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable("LICENSESERVER_TEST_DB");
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                "LICENSESERVER_TEST_DB is not set. Run the tests with ./scripts/test, which starts a throwaway PostgreSQL cluster.");
        }

        var database = new TestDatabase(server, $"licenseserver_test_{Guid.NewGuid():N}");
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database.Name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
