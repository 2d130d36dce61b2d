using System.Data.Common;
using LicenseServer.Core.Users;
using LicenseServer.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace LicenseServer.Core.Data;

public static class DatabaseSetup
{
    public const string MigrationsAssembly = "LicenseServer.Migrations";

    /// <summary>Contexts kept for reuse; a request rents one and gives it back when its scope ends.</summary>
    private const int ContextPoolSize = 256;

    /// <summary>
    /// One Npgsql data source (the connection pool) for the process, pooled EF Core contexts over it, and a scoped
    /// <see cref="LicenseServerDb"/> rented from that pool and bound to the scope's clock and webhook queue. With a
    /// <paramref name="replicaConnectionString"/>, a second pool and its contexts for reads (<see cref="DataSources.Reads"/>),
    /// which a scope's context comes from when its <see cref="DatabaseRoute"/> says so.
    /// </summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services, string connectionString, string? replicaConnectionString = null)
    {
        services.AddSingleton(_ => CreateDataSource(connectionString));
        services.AddSingleton(sp => new DataSources(sp.GetRequiredService<NpgsqlDataSource>(),
            string.IsNullOrWhiteSpace(replicaConnectionString) ? null : CreateDataSource(ReadsConnectionString(connectionString, replicaConnectionString))));
        services.AddPooledDbContextFactory<LicenseServerDb>(
            (sp, options) => Configure(options, sp.GetRequiredService<NpgsqlDataSource>()), ContextPoolSize);
        services.AddSingleton(sp => new ReplicaContexts(sp.GetRequiredService<DataSources>(), ContextPoolSize));
        services.AddScoped<DatabaseRoute>();
        services.AddScoped(sp =>
        {
            var replica = sp.GetRequiredService<DatabaseRoute>().Replica && sp.GetRequiredService<ReplicaContexts>().Available;
            var db = replica
                ? sp.GetRequiredService<ReplicaContexts>().CreateDbContext()
                : sp.GetRequiredService<IDbContextFactory<LicenseServerDb>>().CreateDbContext();
            return db.Bind(sp.GetRequiredService<TimeProvider>(), sp.GetService<IWebhookQueue>(), sp.GetService<ServerKeyRing>(),
                sp.GetService<PasswordHashing>(), onReplica: replica);
        });
        return services;
    }

    /// <summary>
    /// The reads pool's connection string: <paramref name="replica"/> as given when it sets <c>Target Session Attributes</c>
    /// itself; otherwise its hosts followed by the primary's, with <c>prefer-standby</c>, so that reads go to a standby while
    /// one answers and to the primary when none does (and the primary is never needed while a standby answers).
    /// </summary>
    public static string ReadsConnectionString(string primary, string replica)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = replica };
        if (Sets(given, "Target Session Attributes", "TargetSessionAttributes"))
        {
            return replica;
        }

        var reads = new NpgsqlConnectionStringBuilder(replica);
        var hosts = Hosts(reads).Concat(Hosts(new NpgsqlConnectionStringBuilder(primary))).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (hosts.Count == 1)
        {
            // The replica is the primary's own server (a read-only role, or a test): nothing to prefer.
            return replica;
        }

        reads.Host = string.Join(',', hosts);
        reads.TargetSessionAttributes = "prefer-standby";
        return reads.ConnectionString;
    }

    /// <summary>A connection string's hosts, each with its port (<c>host:port</c>, <c>[::1]:port</c>; socket directories as given).</summary>
    private static IEnumerable<string> Hosts(NpgsqlConnectionStringBuilder builder) =>
        (builder.Host ?? "localhost").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(host => WithPort(host, builder.Port));

    private static string WithPort(string host, int port)
    {
        var colons = host.Count(c => c == ':');
        return host.StartsWith('/') || host.Contains("]:", StringComparison.Ordinal) || colons == 1
            ? host
            : colons > 1 && !host.StartsWith('[') ? $"[{host}]:{port}" : $"{host}:{port}";
    }

    /// <summary>The one place the EF Core options are made: Npgsql, snake_case names, migrations assembly.</summary>
    public static void Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options
            .UseNpgsql(dataSource, (NpgsqlDbContextOptionsBuilder npgsql) => npgsql.MigrationsAssembly(MigrationsAssembly))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(WebhookDispatchInterceptor.Instance, AccountKeysInterceptor.Instance);

    /// <summary>
    /// The connection pool. It gets no logger factory and no <c>EnableParameterLogging</c>, and the EF Core options never
    /// enable sensitive-data logging: SQL parameter values (license keys, digests, sealed signing keys) never reach a log.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString) =>
        new NpgsqlDataSourceBuilder(Tuned(connectionString)).Build();

    /// <summary>
    /// The connection string with the server's defaults where it sets nothing itself: statements used often are
    /// prepared once per connection (<c>Max Auto Prepare</c>), and a connection returned to the pool is not reset with
    /// <c>DISCARD ALL</c> (<c>No Reset On Close</c>), since no code here leaves session state behind (locks are
    /// transaction-scoped).
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets(given, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            tuned.MaxAutoPrepare = 64;
            if (!Sets(given, "Auto Prepare Min Usages", "AutoPrepareMinUsages"))
            {
                tuned.AutoPrepareMinUsages = 2;
            }
        }

        if (!Sets(given, "No Reset On Close", "NoResetOnClose"))
        {
            tuned.NoResetOnClose = true;
        }

        return tuned.ConnectionString;
    }

    private static bool Sets(DbConnectionStringBuilder given, params string[] names) =>
        names.Any(name => given.Keys.Cast<string>().Any(key => string.Equals(key.Replace(" ", string.Empty), name.Replace(" ", string.Empty), StringComparison.OrdinalIgnoreCase)));
}
