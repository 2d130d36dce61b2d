using LicenseServer.Core.Events;
using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Webhooks;

/// <summary>Inside an explicit transaction, deliveries are queued when it commits, and never when it rolls back.</summary>
public sealed class QueueingAfterCommit(TestApp app)
{
    [Fact]
    public async Task A_delivery_is_queued_when_the_transaction_commits_not_when_it_saves()
    {
        var account = await app.CreateAccountAsync();
        await Hooks.CreateEndpointAsync(app, account, "https://hooks.example.com/all", "product.updated");

        var (beforeCommit, afterCommit, id) = await app.QueryAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            EventRecorder.Record(db, account.Id, "product.updated", "products", Guid.NewGuid(), "{\"type\":\"products\"}");
            await db.SaveChangesAsync();
            var id = await db.WebhookEvents.Where(e => e.AccountId == account.Id).Select(e => e.Id).SingleAsync();
            var before = await JobsForAsync(id);
            await transaction.CommitAsync();
            return (before, await JobsForAsync(id), id);
        });

        Assert.Equal(0, beforeCommit);
        Assert.Equal(1, afterCommit);
        Assert.Single(await Hooks.EventsAsync(app, account), e => e.Id == id);
    }

    [Fact]
    public async Task A_rolled_back_transaction_queues_nothing()
    {
        var account = await app.CreateAccountAsync();
        await Hooks.CreateEndpointAsync(app, account, "https://hooks.example.com/all", "product.updated");

        var id = await app.QueryAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            EventRecorder.Record(db, account.Id, "product.updated", "products", Guid.NewGuid(), "{\"type\":\"products\"}");
            await db.SaveChangesAsync();
            var id = await db.WebhookEvents.Where(e => e.AccountId == account.Id).Select(e => e.Id).SingleAsync();
            await transaction.RollbackAsync();
            return id;
        });

        Assert.Equal(0, await JobsForAsync(id));
        Assert.Empty(await Hooks.EventsAsync(app, account));
    }

    private Task<int> JobsForAsync(Guid id) =>
        app.QueryAsync(db => db.Database
            .SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM hangfire.job WHERE arguments::text LIKE {0}", $"%{id}%")
            .SingleAsync());
}
