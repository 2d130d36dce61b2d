using LicenseServer.Api.Configuration;
using LicenseServer.Core.Accounts;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LicenseServer.Api.Hosting;

/// <summary>What runs once before the server listens: migrations and the seeded first account.</summary>
public static partial class StartupTasks
{
    public static async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LicenseServerDb>();
        var logger = scope.ServiceProvider.GetRequiredService<ILogger<LicenseServerDb>>();
        await WaitForDatabaseAsync(db, logger, ct);
        await using var startupLock = await StartupLock.AcquireAsync(scope.ServiceProvider.GetRequiredService<NpgsqlDataSource>(), ct);
        if (scope.ServiceProvider.GetRequiredService<IOptions<ServerOptions>>().Value.MigrateOnStartup)
        {
            await MigrateAsync(db, logger, ct);
        }

        // Before anything else reads an account: every sealed secret must open (else stop here, not with a 500 per
        // request), and values in plain text or under an older server key are sealed with the current one.
        var keys = scope.ServiceProvider.GetRequiredService<ServerKeyRing>();
        var resealed = await SealedSecrets.SealAllAsync(db, keys, ct);
        if (resealed > 0)
        {
            LogResealed(logger, resealed, keys.CurrentId);
        }

        var setup = scope.ServiceProvider.GetRequiredService<IOptions<SetupOptions>>().Value;
        if (!string.IsNullOrWhiteSpace(setup.AdminEmail))
        {
            await SeedAccountAsync(db, setup, logger, ct);
        }
    }

    /// <summary>
    /// The <c>migrate</c> command: waits for the database, then applies the pending migrations under the start-up lock, so
    /// a deployment can migrate once before it starts its nodes (with <c>Server__MigrateOnStartup=false</c> on them).
    /// </summary>
    public static async Task<int> MigrateCommandAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LicenseServerDb>();
        var logger = scope.ServiceProvider.GetRequiredService<ILogger<LicenseServerDb>>();
        await WaitForDatabaseAsync(db, logger, ct);
        await using var startupLock = await StartupLock.AcquireAsync(scope.ServiceProvider.GetRequiredService<NpgsqlDataSource>(), ct);
        await MigrateAsync(db, logger, ct);
        return 0;
    }

    private static async Task MigrateAsync(LicenseServerDb db, ILogger logger, CancellationToken ct)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
        await db.Database.MigrateAsync(ct);
        LogMigrated(logger, pending);
    }

    /// <summary>
    /// A server started before its database (a host booting, a container started first) waits for it, saying so, rather
    /// than failing or stalling in silence. A database that answers with an error (wrong password, no such database) is
    /// not waited for: that error stops the start.
    /// </summary>
    private static async Task WaitForDatabaseAsync(LicenseServerDb db, ILogger logger, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await db.Database.OpenConnectionAsync(ct);
                await db.Database.CloseConnectionAsync();
                if (attempt > 0)
                {
                    LogDatabaseReached(logger, attempt);
                }

                return;
            }
            catch (Exception error) when (DatabaseOutage.Reason(error) is { } reason)
            {
                if (attempt % 10 == 0)
                {
                    LogWaitingForDatabase(logger, reason);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    private static async Task SeedAccountAsync(LicenseServerDb db, SetupOptions setup, ILogger logger, CancellationToken ct)
    {
        var slug = setup.AccountSlug?.Trim().ToLowerInvariant();
        if (slug is not null && await db.Accounts.AnyAsync(a => a.Slug == slug, ct))
        {
            return;
        }

        if (slug is null && await db.Accounts.AnyAsync(ct))
        {
            return;
        }

        try
        {
            var account = await CreateAsync(db, setup.AccountName, slug, setup.AdminEmail!, setup.AdminPassword, ct);
            LogSeeded(logger, account.Id, account.Slug);
        }
        catch (DomainError error)
        {
            LogSeedFailed(logger, error.Message, error.Errors[0].Source?.Pointer);
        }
    }

    /// <summary>A protected account with one admin, as Keygen's self-hosted setup makes it.</summary>
    public static Task<Account> CreateAsync(LicenseServerDb db, string? name, string? slug, string email, string? password, CancellationToken ct) =>
        AccountCreator.CreateAsync(db, new AccountDraft(name, slug, Protected: true, [new AdminDraft(email, password, null, null)]), ct);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waiting for the database before starting: {Reason}")]
    private static partial void LogWaitingForDatabase(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database reached after {Attempts} attempts; starting")]
    private static partial void LogDatabaseReached(ILogger logger, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database migrations are applied ({Applied} applied now)")]
    private static partial void LogMigrated(ILogger logger, int applied);

    [LoggerMessage(Level = LogLevel.Information, Message = "Encrypted {Count} stored secrets (signing keys, second-factor secrets) with server key {KeyId}")]
    private static partial void LogResealed(ILogger logger, int count, string keyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the first account {AccountId} ({Slug}) from the Setup settings")]
    private static partial void LogSeeded(ILogger logger, Guid accountId, string slug);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not create the first account from the Setup settings: {Detail} ({Pointer})")]
    private static partial void LogSeedFailed(ILogger logger, string detail, string? pointer);
}
