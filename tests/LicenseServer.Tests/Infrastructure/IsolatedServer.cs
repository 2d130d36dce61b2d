using LicenseServer.Testing;
using Npgsql;

namespace LicenseServer.Tests.Infrastructure;

/// <summary>
/// The real server as a separate process (its Release build, production settings) over its own private PostgreSQL
/// cluster, for tests that stop the database or the server itself: nothing else uses either. Restarting keeps the
/// database. Logs and the cluster's files are removed on dispose.
/// </summary>
public sealed class IsolatedServer : IAsyncDisposable
{
    /// <summary>The settings every test server process starts with (production otherwise).</summary>
    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>()
    {
        ["Server__AllowSignups"] = "true",
        ["Server__MigrateOnStartup"] = "true",
        ["Server__PasswordWorkFactor"] = "4",
        ["Webhooks__AllowInsecureUrls"] = "true",
        ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "None",
        ["Secrets__Key"] = TestApp.ServerKey,
    };

    private const string Database = "licenseserver";

    private readonly string _logDir;
    private ServerProcess? _process;
    private int _runs;

    private IsolatedServer(PostgresCluster cluster, string connectionString, string logDir)
    {
        Cluster = cluster;
        ConnectionString = connectionString;
        _logDir = logDir;
    }

    public PostgresCluster Cluster { get; }

    /// <summary>The server's database, for asserting stored state directly.</summary>
    public string ConnectionString { get; }

    public ServerProcess Process => _process ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>A client of the running process (new after each restart).</summary>
    public HttpClient Http { get; private set; } = null!;

    public ApiClient Anonymous => new(Http, null);

    public ApiClient Admin(TestAccount account) => new(Http, "Bearer " + account.AdminToken);

    /// <summary>A new cluster, its database, and the server on it (with <paramref name="settings"/> as environment variables).</summary>
    public static async Task<IsolatedServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var cluster = await PostgresCluster.StartNewAsync();
        var logDir = Directory.CreateTempSubdirectory("licenseserver-isolated-").FullName;
        var server = new IsolatedServer(cluster, await cluster.CreateDatabaseAsync(Database), logDir);
        try
        {
            await server.StartProcessAsync(settings);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server again on the same database (after it exited), with these settings.</summary>
    public Task RestartAsync(IReadOnlyDictionary<string, string>? settings = null) => StartProcessAsync(settings);

    /// <summary>Signs up an account on the server.</summary>
    public Task<TestAccount> CreateAccountAsync() => TestApp.CreateAccountAsync(Http);

    /// <summary>One scalar from the database.</summary>
    public Task<T> ScalarAsync<T>(string sql, params object[] parameters) => Cluster.ScalarAsync<T>(Database, sql, parameters);

    /// <summary>The first column of every row.</summary>
    public async Task<List<T>> ColumnAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var values = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    /// <summary>The log of the current run (set as soon as a start begins).</summary>
    public string LogPath { get; private set; } = "";

    /// <summary>Everything the server wrote in this run so far, for assertions on its log.</summary>
    public string ReadLog()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    private async Task StartProcessAsync(IReadOnlyDictionary<string, string>? settings)
    {
        var all = new Dictionary<string, string>(Defaults);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        Http?.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }

        LogPath = Path.Combine(_logDir, $"server-{++_runs}.log");
        _process = await ServerProcess.StartAsync(ServerProcess.BuiltServerDll(), ConnectionString, Ports.Free(), LogPath, CancellationToken.None, all);
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(Process.Url),
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(_logDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
