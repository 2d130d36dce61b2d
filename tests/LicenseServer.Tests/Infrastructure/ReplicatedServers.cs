using LicenseServer.Testing;

namespace LicenseServer.Tests.Infrastructure;

/// <summary>
/// The scale-out topology of README "Scale out", for real: a primary PostgreSQL cluster, a streaming standby made from
/// it with <c>pg_basebackup -R</c>, and server processes (Release build) each with <c>ConnectionStrings__Default</c> on
/// the primary and <c>ConnectionStrings__Replica</c> on the standby. Everything is removed on dispose.
/// </summary>
public sealed class ReplicatedServers : IAsyncDisposable
{
    private const string Database = "licenseserver";

    private readonly List<ServerProcess> _nodes = [];
    private readonly List<HttpClient> _clients = [];
    private readonly string _logDir = Directory.CreateTempSubdirectory("licenseserver-replicated-").FullName;

    private ReplicatedServers(PostgresCluster primary)
    {
        Primary = primary;
    }

    public PostgresCluster Primary { get; }

    public PostgresCluster Standby { get; private set; } = null!;

    public IReadOnlyList<ServerProcess> Nodes => _nodes;

    /// <summary>The primary, its standby, and <paramref name="nodes"/> server processes on both.</summary>
    public static async Task<ReplicatedServers> StartAsync(int nodes, IReadOnlyDictionary<string, string>? settings = null)
    {
        var servers = new ReplicatedServers(await PostgresCluster.StartNewAsync());
        try
        {
            var primary = await servers.Primary.CreateDatabaseAsync(Database);
            servers.Standby = await servers.Primary.StartStandbyAsync();
            var all = new Dictionary<string, string>(IsolatedServer.Defaults)
            {
                ["ConnectionStrings__Replica"] = servers.Standby.ConnectionString(Database),
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                all[key] = value;
            }

            for (var i = 0; i < nodes; i++)
            {
                var log = Path.Combine(servers._logDir, $"node-{i}.log");
                servers._nodes.Add(await ServerProcess.StartAsync(ServerProcess.BuiltServerDll(), primary, Ports.Free(), log, CancellationToken.None, all));
                servers._clients.Add(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
                {
                    BaseAddress = new Uri(servers._nodes[i].Url),
                    Timeout = TimeSpan.FromSeconds(60),
                });
            }

            return servers;
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }
    }

    public ApiClient Anonymous(int node) => new(_clients[node], null);

    public ApiClient Admin(int node, TestAccount account) => new(_clients[node], "Bearer " + account.AdminToken);

    public ApiClient Bearer(int node, string token) => new(_clients[node], "Bearer " + token);

    /// <summary>Signs up an account through the first node.</summary>
    public Task<TestAccount> CreateAccountAsync() => TestApp.CreateAccountAsync(_clients[0]);

    /// <summary>Transactions committed in the server's database on a cluster so far (PostgreSQL's own statistics).</summary>
    public static Task<long> CommitsAsync(PostgresCluster cluster) =>
        cluster.ScalarAsync<long>("postgres", "SELECT xact_commit FROM pg_stat_database WHERE datname = $1", Database);

    /// <summary>One scalar from the server's database on the primary.</summary>
    public Task<T> ScalarAsync<T>(string sql, params object[] parameters) => Primary.ScalarAsync<T>(Database, sql, parameters);

    /// <summary>The nodes' logs, for failure messages.</summary>
    public string Tails() => string.Join("\n---\n", _nodes.Select(n => n.Tail));

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        if (Standby is not null)
        {
            await Standby.DisposeAsync();
        }

        await Primary.DisposeAsync();
        try
        {
            Directory.Delete(_logDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
