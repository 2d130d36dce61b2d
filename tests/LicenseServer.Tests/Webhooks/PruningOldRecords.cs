using LicenseServer.Core.Tokens;
using LicenseServer.Core.Webhooks;
using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Webhooks;

public sealed class PruningOldRecords(TestApp app)
{
    [Fact]
    public async Task Webhook_events_older_than_the_retention_are_pruned()
    {
        var account = await app.CreateAccountAsync();
        await Hooks.CreateEndpointAsync(app, account, "https://hooks.example.com/all");
        await Hooks.CreateProductAsync(app, account, "Old");
        await Hooks.CreateProductAsync(app, account, "New");
        var old = (await Hooks.EventsAsync(app, account))[0].Id;
        await app.QueryAsync(db => db.WebhookEvents.Where(e => e.Id == old).ExecuteUpdateAsync(s => s.SetProperty(e => e.Created, DateTime.UtcNow.AddDays(-31))));

        await app.QueryAsync(db => new WebhookEventPruneJob(db, TimeProvider.System).RunAsync(CancellationToken.None));
        await app.QueryAsync(db => new WebhookEventPruneJob(db, TimeProvider.System).RunAsync(CancellationToken.None));

        var left = await Hooks.EventsAsync(app, account);
        Assert.DoesNotContain(left, e => e.Id == old);
        Assert.Single(left);
    }

    [Fact]
    public async Task The_vacuum_job_vacuums_and_analyzes_the_event_tables()
    {
        await app.QueryAsync(async db =>
        {
            await new WebhookEventVacuumJob(db).RunAsync(CancellationToken.None);
            return true;
        });

        var vacuumed = await app.QueryAsync(db => db.Database.SqlQuery<string>($"""
            SELECT relname AS "Value" FROM pg_stat_user_tables
            WHERE relname IN ('webhook_events', 'events') AND last_vacuum IS NOT NULL AND last_analyze IS NOT NULL
            """).ToListAsync());
        Assert.Equal(["events", "webhook_events"], vacuumed.Order());
    }

    [Fact]
    public async Task Tokens_expired_more_than_90_days_ago_are_pruned()
    {
        var account = await app.CreateAccountAsync();
        Token Expiring(int daysAgo) => new()
        {
            AccountId = account.Id,
            BearerType = "users",
            BearerId = account.AdminId,
            Kind = "admin-token",
            Digest = Guid.NewGuid().ToString("N"),
            Expiry = DateTime.UtcNow.AddDays(-daysAgo),
        };
        var (stale, recent) = (Expiring(91), Expiring(89));
        await app.QueryAsync(db =>
        {
            db.Tokens.AddRange(stale, recent);
            return db.SaveChangesAsync();
        });

        await app.QueryAsync(db => new ExpiredTokenPruneJob(db, TimeProvider.System).RunAsync(CancellationToken.None));

        var left = await app.QueryAsync(db => db.Tokens.Where(t => t.AccountId == account.Id).Select(t => t.Id).ToListAsync());
        Assert.DoesNotContain(stale.Id, left);
        Assert.Contains(recent.Id, left);
        Assert.Contains(account.AdminTokenId, left);
    }
}
