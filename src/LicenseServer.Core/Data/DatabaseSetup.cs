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
    /// <see cref="LicenseServerDb"/> rented from that pool and bound to the scope's clock and webhook queue.
    /// </summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => CreateDataSource(connectionString));
        services.AddPooledDbContextFactory<LicenseServerDb>(
            (sp, options) => Configure(options, sp.GetRequiredService<NpgsqlDataSource>()), ContextPoolSize);
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<LicenseServerDb>>().CreateDbContext()
            .Bind(sp.GetRequiredService<TimeProvider>(), sp.GetService<IWebhookQueue>(), sp.GetService<ServerKeyRing>(), sp.GetService<PasswordHashing>()));
        return services;
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
