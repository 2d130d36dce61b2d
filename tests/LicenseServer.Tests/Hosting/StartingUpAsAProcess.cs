using System.Diagnostics;
using LicenseServer.Api.Hosting;
using LicenseServer.Testing;
using LicenseServer.Tests.Infrastructure;
using Npgsql;

namespace LicenseServer.Tests.Hosting;

/// <summary>
/// The start-up path of the image, run as plain processes (no Docker engine here): the <c>migrate</c> and
/// <c>healthcheck</c> commands, and several nodes starting together on a new database, which migrate and seed once.
/// </summary>
public sealed class StartingUpAsAProcess
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Server__PasswordWorkFactor"] = "4",
        ["Secrets__Key"] = TestApp.ServerKey,
        ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "None",
    };

    [Theory]
    [InlineData("", "", "http://127.0.0.1:5080/v1/health/ready")]
    [InlineData("http://0.0.0.0:8080", "", "http://127.0.0.1:8080/v1/health/ready")]
    [InlineData("http://+:8080;https://+:8443", "", "http://127.0.0.1:8080/v1/health/ready")]
    [InlineData("", "http://*:9000", "http://127.0.0.1:9000/v1/health/ready")]
    [InlineData("http://[::]:8080", "", "http://[::1]:8080/v1/health/ready")]
    [InlineData("http://10.0.0.5:8080/", "http://*:9000", "http://10.0.0.5:8080/v1/health/ready")]
    public void TheHealthCheckAsksTheFirstListenAddressWithWildcardsReadAsLoopback(string licenseServerUrls, string aspNetCoreUrls, string expected)
    {
        var environment = new Dictionary<string, string?> { ["LICENSESERVER_URLS"] = licenseServerUrls, ["ASPNETCORE_URLS"] = aspNetCoreUrls };
        Assert.Equal(new Uri(expected), HealthCheckCommand.ReadinessUrl(["healthcheck"], name => environment.GetValueOrDefault(name)));
        Assert.Equal(new Uri("http://127.0.0.1:7000/v1/health/ready"),
            HealthCheckCommand.ReadinessUrl(["healthcheck", "--url", "http://127.0.0.1:7000"], name => environment.GetValueOrDefault(name)));
    }

    [Fact]
    public async Task TwoMigrateCommandsAtOnceApplyEachMigrationOnceAndBothSucceed()
    {
        await using var cluster = await PostgresCluster.StartNewAsync();
        var connectionString = await cluster.CreateDatabaseAsync("licenseserver");

        var runs = await Task.WhenAll(RunAsync(connectionString, "migrate"), RunAsync(connectionString, "migrate"));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.Output));
        var applied = await ColumnAsync(connectionString, "SELECT migration_id FROM \"__EFMigrationsHistory\"");
        Assert.NotEmpty(applied);
        Assert.Equal(applied.Count, applied.Distinct().Count());
        Assert.Equal(typeof(LicenseServer.Migrations.Migrations.Initial).Assembly.GetTypes()
            .Count(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), false).Length > 0), applied.Count);
        Assert.Contains(runs, run => run.Output.Contains("applied now", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NodesStartedTogetherOnANewDatabaseMigrateAndCreateTheFirstAccountOnceAndReportHealthy()
    {
        await using var cluster = await PostgresCluster.StartNewAsync();
        var connectionString = await cluster.CreateDatabaseAsync("licenseserver");
        var logs = Directory.CreateTempSubdirectory("licenseserver-startup-").FullName;
        var settings = new Dictionary<string, string>(Settings)
        {
            ["Server__MigrateOnStartup"] = "true",
            ["Setup__AccountName"] = "Together",
            ["Setup__AccountSlug"] = "together",
            ["Setup__AdminEmail"] = "admin@together.example",
            ["Setup__AdminPassword"] = "a long enough password",
        };
        var dll = ServerProcess.BuiltServerDll();
        var starts = await Task.WhenAll(
            ServerProcess.StartAsync(dll, connectionString, Ports.Free(), Path.Combine(logs, "a.log"), CancellationToken.None, settings),
            ServerProcess.StartAsync(dll, connectionString, Ports.Free(), Path.Combine(logs, "b.log"), CancellationToken.None, settings));
        try
        {
            Assert.Equal(1L, (await ColumnAsync(connectionString, "SELECT count(*)::text FROM accounts WHERE slug = 'together'")).Select(long.Parse).Single());

            foreach (var server in starts)
            {
                var check = await RunAsync(connectionString, "healthcheck", "--url", server.Url);
                Assert.True(check.ExitCode == 0, check.Output);
            }

            var closed = await RunAsync(connectionString, "healthcheck", "--url", $"http://127.0.0.1:{Ports.Free()}");
            Assert.Equal(1, closed.ExitCode);
            Assert.Contains("did not answer", closed.Output, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var server in starts)
            {
                await server.DisposeAsync();
            }

            Directory.Delete(logs, recursive: true);
        }
    }

    private sealed record Run(int ExitCode, string Output);

    private static async Task<Run> RunAsync(string connectionString, params string[] command)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ServerProcess.BuiltServerDll());
        foreach (var argument in command)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__Default"] = connectionString;
        foreach (var (key, value) in Settings)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(limit.Token);
        return new Run(process.ExitCode, await output + await error);
    }

    private static async Task<List<string>> ColumnAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
