using LicenseServer.Core.EventLogs;
using LicenseServer.Core.Events;
using LicenseServer.Core.RequestLogs;
using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.EventLogs;

public sealed class PruningLogs(TestApp app)
{
    [Fact]
    public async Task Logs_past_their_retention_are_hidden_at_once_and_pruned_daily()
    {
        var account = await app.CreateAccountAsync();
        var now = DateTime.UtcNow;
        var oldEvent = await RecordAsync(account, "product.created", now.AddDays(-400));
        var oldValidation = await RecordAsync(account, "license.validation.succeeded", now.AddDays(-91));
        var recentValidation = await RecordAsync(account, "license.validation.succeeded", now.AddDays(-89));
        var oldRequest = await RequestAsync(account, now.AddDays(-31));
        var recentRequest = await RequestAsync(account, now.AddDays(-29));

        // The defaults: event logs forever, validations 90 days, request logs 30 days.
        Assert.Equal([oldEvent, recentValidation], await ShownAsync(account, "event-logs?resource[type]=licenses"));
        Assert.Equal([recentRequest], await ShownAsync(account, "request-logs?url=/old"));
        (await app.Admin(account).GetAsync(account.Path($"event-logs/{oldValidation}"))).ExpectError(404);
        (await app.Admin(account).GetAsync(account.Path($"request-logs/{oldRequest}"))).ExpectError(404);

        await app.QueryAsync(db => new LogPruneJob(db, TimeProvider.System, new LogRetention()).RunAsync(CancellationToken.None));

        Assert.Equal([oldEvent, recentValidation], await StoredEventsAsync(account));
        Assert.Equal([recentRequest], await StoredRequestsAsync(account));

        await app.QueryAsync(db => new LogPruneJob(db, TimeProvider.System, new LogRetention(RequestLogDays: 0, EventLogDays: 365, ValidationEventLogDays: 0))
            .RunAsync(CancellationToken.None));

        Assert.Equal([recentValidation], await StoredEventsAsync(account));
        Assert.Equal([recentRequest], await StoredRequestsAsync(account));
    }

    private Task<Guid> RecordAsync(TestAccount account, string name, DateTime at) => app.QueryAsync(async db =>
    {
        var recorded = EventRecorder.Record(db, account.Id, name, "licenses", Guid.NewGuid(), "{}");
        recorded.Created = at;
        await db.SaveChangesAsync();
        return recorded.Id;
    });

    private Task<Guid> RequestAsync(TestAccount account, DateTime at) => app.QueryAsync(async db =>
    {
        var log = new RequestLog { Id = Guid.NewGuid(), AccountId = account.Id, Created = at, Url = "/old", Method = "GET", Status = 200, Ip = "127.0.0.1" };
        db.RequestLogs.Add(log);
        await db.SaveChangesAsync();
        return log.Id;
    });

    /// <summary>The ids an index (with its filter) shows, oldest first.</summary>
    private async Task<List<Guid>> ShownAsync(TestAccount account, string index) =>
        [.. (await app.Admin(account).GetAsync(account.Path($"{index}&order=asc&limit=100"))).Expect(200).Data!.AsArray()
            .Select(i => Guid.Parse((string)i!["id"]!))];

    private Task<List<Guid>> StoredEventsAsync(TestAccount account) =>
        app.QueryAsync(db => db.Events.Where(e => e.AccountId == account.Id && e.ResourceType == "licenses").OrderBy(e => e.Created).Select(e => e.Id).ToListAsync());

    private Task<List<Guid>> StoredRequestsAsync(TestAccount account) =>
        app.QueryAsync(db => db.RequestLogs.Where(l => l.AccountId == account.Id && l.Url == "/old").OrderBy(l => l.Created).Select(l => l.Id).ToListAsync());
}
