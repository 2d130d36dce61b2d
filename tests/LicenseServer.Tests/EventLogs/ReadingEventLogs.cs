using LicenseServer.Core.Events;
using LicenseServer.Core.Users;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.EventLogs;

public sealed class ReadingEventLogs(TestApp app)
{
    [Fact]
    public async Task An_event_log_names_its_bearer_its_request_and_its_record()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var created = await app.CreateLicenseAsync(account, policy);
        var licenseId = (string)created.Data!["id"]!;

        var log = (await Logs.EventLogsAsync(app, account, "license.created")).Single()!;

        Assert.Equal("event-logs", (string?)log["type"]);
        Assert.Equal("license.created", (string?)log["attributes"]!["event"]);
        Assert.Equal("{}", log["attributes"]!["metadata"]!.ToJsonString());
        Assert.Equal(("users", account.AdminId.ToString()), (Logs.Type(log, "whodunnit"), Logs.Id(log, "whodunnit")));
        Assert.Equal(account.Path($"users/{account.AdminId}"), (string?)log["relationships"]!["whodunnit"]!["links"]!["related"]);
        Assert.Equal(("licenses", licenseId), (Logs.Type(log, "resource"), Logs.Id(log, "resource")));
        Assert.Equal(("request-logs", created.Header("X-Request-Id")), (Logs.Type(log, "request"), Logs.Id(log, "request")));
        Assert.Equal(account.Path($"request-logs/{created.Header("X-Request-Id")}"), (string?)log["relationships"]!["request"]!["links"]!["related"]);
        Assert.Equal("""{"links":{"related":null},"data":null}""", log["relationships"]!["environment"]!.ToJsonString());
        Assert.Equal(account.Id.ToString(), Logs.Id(log, "account"));
        var self = (string)log["links"]!["self"]!;
        Assert.Equal(account.Path($"event-logs/{log["id"]}"), self);
        var shown = (await app.Admin(account).GetAsync(self)).Expect(200);
        Assert.Equal(log.ToJsonString(), shown.Data!.ToJsonString());
    }

    [Fact]
    public async Task Events_raised_under_a_record_point_at_that_record()
    {
        var account = await app.CreateAccountAsync();
        var licenseId = (string)(await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account))).Data!["id"]!;
        var token = (await app.Admin(account).PostAsync(account.Path($"licenses/{licenseId}/tokens"))).Expect(200);
        var entitlements = new List<string>();
        foreach (var code in new[] { "FEATURE_A", "FEATURE_B" })
        {
            var entitlement = await app.Admin(account).PostAsync(account.Path("entitlements"),
                new { data = new { type = "entitlements", attributes = new { name = code, code } } });
            entitlements.Add((string)entitlement.Expect(201).Data!["id"]!);
        }

        (await app.Admin(account).PostAsync(account.Path($"licenses/{licenseId}/entitlements"),
            new { data = entitlements.Select(id => new { type = "entitlements", id }) })).Expect(200);

        var generated = (await Logs.EventuallyAsync(app, account, $"event-logs?request={token.Header("X-Request-Id")}", items => items.Count > 0)).Single()!;
        Assert.Equal("token.generated", (string?)generated["attributes"]!["event"]);
        Assert.Equal(("licenses", licenseId), (Logs.Type(generated, "resource"), Logs.Id(generated, "resource")));
        var attached = (await Logs.EventLogsAsync(app, account, "license.entitlements.attached")).Single()!;
        Assert.Equal(("licenses", licenseId), (Logs.Type(attached, "resource"), Logs.Id(attached, "resource")));
        Assert.Equal("""{"codes":["FEATURE_A","FEATURE_B"]}""", attached["attributes"]!["metadata"]!.ToJsonString());
    }

    [Fact]
    public async Task An_update_logs_what_it_changed_with_secret_looking_keys_masked()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account), new { name = "Before" });
        var id = (string)license.Data!["id"]!;

        var updated = await app.Admin(account).PatchAsync(account.Path($"licenses/{id}"), new
        {
            data = new { type = "licenses", attributes = new { name = "After", metadata = new { apiToken = "abcdefghijklmnopqrstuvwxyz", tier = "gold" } } },
        });
        updated.Expect(200);

        var log = (await Logs.EventLogsAsync(app, account, "license.updated")).Single()!;
        var diff = log["attributes"]!["metadata"]!["diff"]!;
        Assert.Equal("""["Before","After"]""", diff["name"]!.ToJsonString());
        Assert.Equal("""[{},{"apiToken":"abcd...wxyz","tier":"gold"}]""", diff["metadata"]!.ToJsonString());
        Assert.Equal((string?)license.Data!["attributes"]!["updated"], (string?)diff["updated"]![0]);
        Assert.Equal(updated.Attribute("updated"), (string?)diff["updated"]![1]);
        Assert.DoesNotContain("abcdefghijklmnopqrstuvwxyz", log.ToJsonString());
    }

    [Fact]
    public async Task Validations_log_their_code()
    {
        var account = await app.CreateAccountAsync();
        var id = (string)(await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account), new { suspended = true })).Data!["id"]!;

        var validated = (await app.Admin(account).PostAsync(account.Path($"licenses/{id}/actions/validate"))).Expect(200);

        var log = (await Logs.EventLogsAsync(app, account, "license.validation.failed")).Single()!;
        Assert.Equal("""{"code":"SUSPENDED"}""", log["attributes"]!["metadata"]!.ToJsonString());
        Assert.Equal(validated.Header("X-Request-Id"), Logs.Id(log, "request"));
        Assert.Equal(account.AdminId.ToString(), Logs.Id(log, "whodunnit"));
        Assert.Equal(id, Logs.Id(log, "resource"));
    }

    [Fact]
    public async Task Filters_select_by_event_record_bearer_and_request()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var a = await app.CreateLicenseAsync(account, policy);
        var b = await app.CreateLicenseAsync(account, policy);
        var (aId, bId) = ((string)a.Data!["id"]!, (string)b.Data!["id"]!);
        await Logs.EventuallyAsync(app, account, "event-logs?event=license.created", items => items.Count == 2);

        async Task<List<string?>> Resources(string query) =>
            [.. (await app.Admin(account).GetAsync(account.Path($"event-logs?limit=100&{query}"))).Expect(200).Data!.AsArray()
                .Select(i => $"{(string?)i!["attributes"]!["event"]} {Logs.Id(i, "resource")}")];

        Assert.Equal([$"license.created {bId}", $"license.created {aId}"], await Resources("event=license.created"));
        Assert.Equal(3, (await Resources("events[]=license.created&events[]=policy.created")).Count);
        Assert.Empty(await Resources("event=no.such-event"));
        foreach (var form in new[] { $"resource[type]=License&resource[id]={aId}", $"resource[]=license&resource[]={aId}", $"resource={aId}",
                     $"resource[type]=licenses&resource[id]={aId[^12..].ToUpperInvariant()}" })
        {
            Assert.Equal([$"license.created {aId}"], await Resources(form));
        }

        Assert.Empty(await Resources($"resource[type]=machine&resource[id]={aId}"));
        Assert.Equal([$"license.created {aId}"], await Resources($"request={a.Header("X-Request-Id")}"));
        Assert.Empty(await Resources("request=not-a-request"));
        var byAdmin = (await app.Admin(account).GetAsync(account.Path($"event-logs?limit=100&whodunnit[type]=user&whodunnit[id]={account.AdminId}")))
            .Expect(200).Data!.AsArray();
        Assert.True(byAdmin.Count >= 4, byAdmin.ToJsonString());
        Assert.All(byAdmin, i => Assert.Equal(account.AdminId.ToString(), Logs.Id(i!, "whodunnit")));
        Assert.Empty(await Resources($"whodunnit[]=products&whodunnit[]={account.AdminId}"));
    }

    [Fact]
    public async Task The_date_range_is_one_to_thirty_one_whole_days()
    {
        var account = await app.CreateAccountAsync();
        await app.CreateProductAsync(account);
        await Logs.EventLogsAsync(app, account, "product.created");
        var today = DateTime.UtcNow.Date;
        string Day(int days) => today.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var around = (await app.Admin(account).GetAsync(account.Path($"event-logs?event=product.created&date[start]={Day(-1)}&date[end]={Day(0)}"))).Expect(200);
        Assert.Single(around.Data!.AsArray());
        Assert.Empty((await app.Admin(account).GetAsync(account.Path($"event-logs?date[start]={Day(-3)}&date[end]={Day(-2)}"))).Expect(200).Data!.AsArray());
        (await app.Admin(account).GetAsync(account.Path($"event-logs?date[start]={Day(-31)}&date[end]={Day(0)}"))).Expect(200);

        foreach (var (start, end, detail) in new[]
                 {
                     (Day(0), Day(0), "date range must be between 1 and 31 days (got 0)"),
                     (Day(-32), Day(0), "date range must be between 1 and 31 days (got 32)"),
                     (Day(0), Day(-2), "date range must be between 1 and 31 days (got -2)"),
                     ("yesterday", Day(0), "invalid date range"),
                     (Day(0), "9999-12-31", "invalid date range"),
                 })
        {
            var refused = await app.Admin(account).GetAsync(account.Path($"event-logs?date[start]={start}&date[end]={end}"));
            Assert.Equal(detail, (string?)refused.ExpectError(400, parameter: "date")["detail"]);
        }

        var onlyStart = await app.Admin(account).GetAsync(account.Path($"event-logs?date[start]={Day(-1)}"));
        Assert.Equal("invalid date range", (string?)onlyStart.ExpectError(400, parameter: "date")["detail"]);
    }

    [Fact]
    public async Task Logs_page_newest_first_by_keyset_and_by_uncounted_offset()
    {
        var account = await app.CreateAccountAsync();
        for (var i = 0; i < 3; i++)
        {
            await app.CreateProductAsync(account);
        }

        var all = await Logs.EventuallyAsync(app, account, "event-logs?event=product.created", items => items.Count == 3);
        var newestFirst = all.Select(i => (string)i!["id"]!).ToList();
        var ascending = (await app.Admin(account).GetAsync(account.Path("event-logs?event=product.created&order=asc"))).Expect(200);
        Assert.Equal(newestFirst.AsEnumerable().Reverse(), ascending.Data!.AsArray().Select(i => (string)i!["id"]!));

        var first = (await app.Admin(account).GetAsync(account.Path("event-logs?event=product.created&page[cursor]=&page[size]=2"))).Expect(200);
        Assert.Equal(newestFirst[..2], first.Data!.AsArray().Select(i => (string)i!["id"]!));
        var second = (await app.Admin(account).GetAsync((string)first.Json!["links"]!["next"]!)).Expect(200);
        Assert.Equal(newestFirst[2..], second.Data!.AsArray().Select(i => (string)i!["id"]!));

        var page = (await app.Admin(account).GetAsync(account.Path("event-logs?event=product.created&page[number]=2&page[size]=2"))).Expect(200);
        Assert.Equal(newestFirst[2..], page.Data!.AsArray().Select(i => (string)i!["id"]!));
        var links = page.Json!["links"]!.AsObject();
        Assert.Equal(["next", "prev", "self"], links.Select(l => l.Key).Order());
        Assert.Null(links["next"]);
    }

    [Fact]
    public async Task Only_admins_developers_and_read_only_users_read_event_logs()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account));
        var log = (await Logs.EventLogsAsync(app, account, "license.created")).Single()!;
        var path = account.Path($"event-logs/{log["id"]}");

        foreach (var role in new[] { Roles.Developer, Roles.ReadOnly })
        {
            var (_, token) = await Logs.RoleUserAsync(app, account, role);
            (await app.Client(token).GetAsync(account.Path("event-logs"))).Expect(200);
            (await app.Client(token).GetAsync(path)).Expect(200);
        }

        foreach (var role in new[] { Roles.SalesAgent, Roles.SupportAgent })
        {
            var (_, token) = await Logs.RoleUserAsync(app, account, role);
            (await app.Client(token).GetAsync(account.Path("event-logs"))).ExpectError(403);
            (await app.Client(token).GetAsync(path)).ExpectError(403);
        }

        var (_, userToken) = await Logs.RoleUserAsync(app, account, Roles.User);
        var licenseToken = (await app.Admin(account).PostAsync(account.Path($"licenses/{license.Data!["id"]}/tokens"))).Expect(200).Attribute("token");
        foreach (var token in new[] { userToken, licenseToken })
        {
            (await app.Client(token).GetAsync(account.Path("event-logs"))).ExpectError(403);
            var hidden = (await app.Client(token).GetAsync(path)).ExpectError(404, "NOT_FOUND");
            Assert.Equal("The requested event log was not found", (string?)hidden["detail"]);
        }

        var missing = (await app.Admin(account).GetAsync(account.Path("event-logs/not-a-uuid"))).ExpectError(404, "NOT_FOUND");
        Assert.Equal("The requested event log was not found", (string?)missing["detail"]);
        (await app.Admin(account).PostAsync(account.Path("event-logs"))).ExpectError(404);
    }

    [Fact]
    public async Task Events_raised_by_jobs_have_no_bearer_and_no_request()
    {
        var account = await app.CreateAccountAsync();
        var recorded = await app.QueryAsync(async db =>
        {
            var e = EventRecorder.Record(db, account.Id, "license.expiring-soon", "licenses", Guid.NewGuid(), "{}");
            await db.SaveChangesAsync();
            return e;
        });

        var log = (await app.Admin(account).GetAsync(account.Path($"event-logs/{recorded.Id}"))).Expect(200).Data!;
        Assert.Equal("""{"links":{"related":null},"data":null}""", log["relationships"]!["whodunnit"]!.ToJsonString());
        Assert.Equal("""{"links":{"related":null},"data":null}""", log["relationships"]!["request"]!.ToJsonString());
        Assert.Equal(recorded.ResourceId.ToString(), Logs.Id(log, "resource"));
    }

    [Fact]
    public async Task Events_of_a_request_that_is_not_logged_link_to_no_request_log()
    {
        await using var unlogged = await TestApp.StartAsync(new Dictionary<string, string?> { ["Logs:RequestLogs"] = "false" });
        var account = await unlogged.CreateAccountAsync();
        var created = await unlogged.Admin(account).PostAsync(account.Path("products"), new { data = new { type = "products", attributes = new { name = "P" } } });
        var productId = Guid.Parse((string)created.Expect(201).Data!["id"]!);

        var requestIds = await unlogged.QueryAsync(db => db.Events.Where(e => e.AccountId == account.Id && e.ResourceId == productId)
            .Select(e => e.RequestId).ToListAsync());

        Assert.Equal(new Guid?[] { null }, requestIds);
    }
}
