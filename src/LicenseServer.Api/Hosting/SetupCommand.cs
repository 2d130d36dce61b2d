using Npgsql;

namespace LicenseServer.Api.Hosting;

/// <summary>
/// <c>LicenseServer.Api setup --name N --slug S --email E --password P</c>: applies migrations,
/// creates the account and its admin, and prints the account id. Exit code 1 on a validation error.
/// </summary>
public static class SetupCommand
{
    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "setup";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var options = Parse(args.Skip(1).ToArray());
        if (!options.TryGetValue("email", out var email))
        {
            await Console.Error.WriteLineAsync("usage: setup --email EMAIL --password PASSWORD [--name NAME] [--slug SLUG]");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LicenseServerDb>();
        await using var startupLock = await StartupLock.AcquireAsync(scope.ServiceProvider.GetRequiredService<NpgsqlDataSource>(), CancellationToken.None);
        await db.Database.MigrateAsync();
        try
        {
            var account = await StartupTasks.CreateAsync(db, options.GetValueOrDefault("name"), options.GetValueOrDefault("slug"),
                email, options.GetValueOrDefault("password"), CancellationToken.None);
            Console.WriteLine(account.Id);
            return 0;
        }
        catch (DomainError error)
        {
            await Console.Error.WriteLineAsync($"setup failed: {error.Errors[0].Source?.Pointer} {error.Message}");
            return 1;
        }
    }

    private static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                options[args[i][2..]] = args[i + 1];
            }
        }

        return options;
    }
}
