using System.Diagnostics;
using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LicenseServer.Tests.Accounts;

/// <summary>
/// A backup is a pg_dump plus the server key kept elsewhere: the dump restored into a new database serves the same
/// licenses and signs with the same keys under the same server key, while the dump alone holds no private key.
/// </summary>
public sealed class BackingUpAndRestoring
{
    [Fact]
    public async Task A_restored_dump_with_the_same_server_key_validates_and_signs_and_the_dump_alone_holds_no_private_key()
    {
        await using var original = await TestApp.StartAsync(new Dictionary<string, string?>());
        var account = await original.CreateAccountAsync();
        var license = await SigningKeyChecks.LicenseAsync(original, account);
        var publicKeys = await SigningKeyChecks.PublicKeysAsync(original, account);
        var plain = await original.QueryAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == account.Id));

        var dump = await PgAsync("pg_dump", "--no-owner", "--dbname", Url(original.ConnectionString));

        Assert.Contains(license.Key, dump);
        Assert.DoesNotContain("PRIVATE KEY", dump);
        Assert.DoesNotContain(plain.Ed25519PrivateKey, dump, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(PemBody(plain.RsaPrivateKey), dump);
        Assert.DoesNotContain(PemBody(plain.EcdsaPrivateKey), dump);

        var restoredName = $"licenseserver_restore_{Guid.NewGuid():N}";
        var server = Environment.GetEnvironmentVariable("LICENSESERVER_TEST_DB")!;
        await ExecuteAsync(server, $"CREATE DATABASE \"{restoredName}\"");
        try
        {
            var restoredConnection = new NpgsqlConnectionStringBuilder(server) { Database = restoredName }.ConnectionString;
            var dumpFile = Path.GetTempFileName();
            await File.WriteAllTextAsync(dumpFile, dump, TestContext.Current.CancellationToken);
            await PgAsync("psql", "--quiet", "-v", "ON_ERROR_STOP=1", "--file", dumpFile, "--dbname", Url(restoredConnection));
            File.Delete(dumpFile);

            await using (var restored = await TestApp.StartOnDatabaseAsync(restoredConnection))
            {
                var validation = await restored.Admin(account).PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key = license.Key } });
                Assert.True((bool)validation.Expect(200).Meta!["valid"]!, validation.Body);
                await SigningKeyChecks.AssertSignsAsync(restored, account, publicKeys, license);
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{restoredName}\" WITH (FORCE)");
        }
    }

    private static string PemBody(string pem) => string.Concat(pem.Split('\n').Where(line => !line.StartsWith("-----", StringComparison.Ordinal)));

    /// <summary>A postgresql:// URL for the command-line tools, as the tests' connection string user.</summary>
    private static string Url(string connectionString)
    {
        var c = new NpgsqlConnectionStringBuilder(connectionString);
        var password = string.IsNullOrEmpty(c.Password) ? string.Empty : ":" + Uri.EscapeDataString(c.Password);
        return $"postgresql://{Uri.EscapeDataString(c.Username!)}{password}@{c.Host}:{c.Port}/{Uri.EscapeDataString(c.Database!)}";
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Runs a PostgreSQL client tool of the newest installed version; returns its standard output.</summary>
    private static async Task<string> PgAsync(string tool, params string[] arguments)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql")
            .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var version) ? version : 0)
            .Select(d => Path.Combine(d, "bin", tool))
            .First(File.Exists);
        var start = new ProcessStartInfo(bin) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await error}");
        return await output;
    }
}
