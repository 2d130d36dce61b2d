using Microsoft.EntityFrameworkCore;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace LicenseServer.Core.Data;

public static class DatabaseSetup
{
    public const string MigrationsAssembly = "LicenseServer.Migrations";

    /// <summary>The one place the EF Core options are made: Npgsql, snake_case names, migrations assembly.</summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, (NpgsqlDbContextOptionsBuilder npgsql) => npgsql.MigrationsAssembly(MigrationsAssembly))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(WebhookDispatchInterceptor.Instance);
}
