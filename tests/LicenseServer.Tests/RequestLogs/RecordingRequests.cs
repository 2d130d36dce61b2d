using System.Text.Json.Nodes;
using LicenseServer.Core.RequestLogs;
using LicenseServer.Tests.EventLogs;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;

namespace LicenseServer.Tests.RequestLogs;

public sealed class RecordingRequests(TestApp app)
{
    [Fact]
    public async Task A_request_is_logged_under_its_request_id_with_the_kept_headers_only()
    {
        var account = await app.CreateAccountAsync();
        var licenseId = (string)(await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account))).Data!["id"]!;

        var shown = await app.Admin(account).SendRawAsync(HttpMethod.Get, account.Path($"licenses/{licenseId}?limit=5"), null, null,
            headers: new Dictionary<string, string> { ["User-Agent"] = "Tester/1.0", ["X-Custom"] = "kept-out", ["Origin"] = "https://app.example.com" });
        shown.Expect(200);

        var log = await Logs.RequestLogAsync(app, account, shown.Header("X-Request-Id")!);
        var a = log["attributes"]!;
        Assert.Equal("request-logs", (string?)log["type"]);
        Assert.Equal(account.Path($"licenses/{licenseId}?limit=5"), (string?)a["url"]);
        Assert.Equal("GET", (string?)a["method"]);
        Assert.Equal("200", (string?)a["status"]);
        Assert.Equal("Tester/1.0", (string?)a["userAgent"]);
        Assert.Equal("127.0.0.1", (string?)a["ip"]);
        Assert.Equal(["Accept", "Host", "Origin"], a["requestHeaders"]!.AsObject().Select(h => h.Key).Order());
        Assert.Equal("https://app.example.com", (string?)a["requestHeaders"]!["Origin"]);
        Assert.Null(a["requestBody"]);
        var key = (string)shown.Data!["attributes"]!["key"]!;
        Assert.Equal(Redaction.Json(System.Text.Encoding.UTF8.GetBytes(shown.Body)), (string?)a["responseBody"]);
        Assert.Equal(Redaction.Mask(key), (string?)JsonNode.Parse((string)a["responseBody"]!)!["data"]!["attributes"]!["key"]);
        Assert.Equal((string?)shown.Data!["attributes"]!["name"], (string?)JsonNode.Parse((string)a["responseBody"]!)!["data"]!["attributes"]!["name"]);
        Assert.Equal(shown.Header("Keygen-Signature"), (string?)a["responseSignature"]);
        Assert.Equal(shown.Header("Keygen-Signature"), (string?)a["responseHeaders"]!["Keygen-Signature"]);
        Assert.Equal(shown.Header("Content-Length"), (string?)a["responseHeaders"]!["Content-Length"]);
        Assert.DoesNotContain("X-Request-Id", a["responseHeaders"]!.AsObject().Select(h => h.Key));
        Assert.Equal(("users", account.AdminId.ToString()), (Logs.Type(log, "requestor"), Logs.Id(log, "requestor")));
        Assert.Equal(("licenses", licenseId), (Logs.Type(log, "resource"), Logs.Id(log, "resource")));
        Assert.Equal("""{"links":{"related":null},"data":null}""", log["relationships"]!["environment"]!.ToJsonString());
        Assert.Equal(account.Path($"request-logs/{log["id"]}"), (string?)log["links"]!["self"]);
        Assert.DoesNotContain(account.AdminToken, log.ToJsonString());
    }

    [Fact]
    public async Task Failed_and_unauthenticated_requests_are_logged_too()
    {
        var account = await app.CreateAccountAsync();
        var missing = await app.Admin(account).GetAsync(account.Path($"licenses/{Guid.NewGuid()}"));
        var anonymous = await app.Anonymous.GetAsync(account.Path("licenses"));

        var notFound = await Logs.RequestLogAsync(app, account, missing.ExpectError(404).Root["meta"]!["id"]!.ToString());
        Assert.Equal("404", (string?)notFound["attributes"]!["status"]);
        Assert.Null(Logs.Id(notFound, "resource"));
        var unauthorized = await Logs.RequestLogAsync(app, account, anonymous.ExpectError(401).Root["meta"]!["id"]!.ToString());
        Assert.Equal("401", (string?)unauthorized["attributes"]!["status"]);
        Assert.Equal("""{"links":{"related":null},"data":null}""", unauthorized["relationships"]!["requestor"]!.ToJsonString());
    }

    [Fact]
    public async Task Secrets_never_reach_a_request_log()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account));
        var key = license.Attribute("key");
        var password = "Sup3r-Secret-Passw0rd-for-logs";
        var signup = await app.Admin(account).PostAsync(account.Path("users"),
            new { data = new { type = "users", attributes = new { email = $"{Guid.NewGuid():N}@example.com", password } } });
        var validated = await app.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key } });
        var token = await app.Admin(account).PostAsync(account.Path($"licenses/{license.Data!["id"]}/tokens"));
        var factor = await app.Admin(account).PostAsync(account.Path($"users/{account.AdminId}/second-factors"), new { meta = new { password = TestApp.Password } });
        var filtered = await app.Admin(account).GetAsync(account.Path("licenses?token=secret-in-query&limit=5"));

        var signupLog = (await Logs.RequestLogAsync(app, account, signup.Expect(201).Header("X-Request-Id")!)).ToJsonString();
        Assert.DoesNotContain(password, signupLog);
        Assert.Contains(Redaction.Mask(password), signupLog);
        var validateLog = await Logs.RequestLogAsync(app, account, validated.Expect(200).Header("X-Request-Id")!);
        Assert.DoesNotContain(key, validateLog.ToJsonString());
        Assert.Equal(Redaction.Mask(key), (string?)JsonNode.Parse((string)validateLog["attributes"]!["requestBody"]!)!["meta"]!["key"]);
        var tokenLog = (await Logs.RequestLogAsync(app, account, token.Expect(200).Header("X-Request-Id")!)).ToJsonString();
        Assert.DoesNotContain(token.Attribute("token"), tokenLog);
        var factorLog = (await Logs.RequestLogAsync(app, account, factor.Expect(201).Header("X-Request-Id")!)).ToJsonString();
        Assert.DoesNotContain(factor.Attribute("uri"), factorLog);
        Assert.DoesNotContain(factor.Attribute("secret"), factorLog);
        Assert.DoesNotContain(TestApp.Password, factorLog);
        var queryLog = await Logs.RequestLogAsync(app, account, filtered.Expect(200).Header("X-Request-Id")!);
        Assert.Equal(account.Path("licenses?token=[FILTERED]&limit=5"), (string?)queryLog["attributes"]!["url"]);
    }

    [Fact]
    public async Task Logs_accounts_and_webhooks_are_not_logged()
    {
        var account = await app.CreateAccountAsync();
        var excluded = new List<ApiResponse>
        {
            await app.Admin(account).GetAsync(account.Path("webhook-endpoints")),
            await app.Admin(account).GetAsync(account.Path("webhook-events")),
            await app.Admin(account).GetAsync(account.Path("event-logs")),
            await app.Admin(account).GetAsync(account.Path("request-logs")),
            await app.Admin(account).GetAsync(account.Path("request-logs/actions/count")),
            await app.Admin(account).GetAsync(account.Path()),
        };
        var logged = await app.Admin(account).GetAsync(account.Path("products"));

        await Logs.RequestLogAsync(app, account, logged.Expect(200).Header("X-Request-Id")!);
        foreach (var response in excluded)
        {
            var id = response.Expect(200).Header("X-Request-Id");
            (await app.Admin(account).GetAsync(account.Path($"request-logs/{id}"))).ExpectError(404, "NOT_FOUND");
        }
    }

    [Fact]
    public async Task Filters_select_by_status_method_url_ip_requestor_and_resource()
    {
        var account = await app.CreateAccountAsync();
        var productId = await app.CreateProductAsync(account);
        (await app.Admin(account).GetAsync(account.Path($"products/{productId}"))).Expect(200);
        (await app.Admin(account).GetAsync(account.Path($"products/{Guid.NewGuid()}"))).ExpectError(404);
        var (userId, userToken) = await Logs.RoleUserAsync(app, account, Core.Users.Roles.User);
        var me = (await app.Client(userToken).GetAsync(account.Path("me"))).Expect(200);
        await Logs.RequestLogAsync(app, account, me.Header("X-Request-Id")!);

        async Task<List<string>> Urls(string query) =>
            [.. (await app.Admin(account).GetAsync(account.Path($"request-logs?limit=100&{query}"))).Expect(200).Data!.AsArray()
                .Select(i => $"{(string?)i!["attributes"]!["method"]} {(string?)i["attributes"]!["url"]} {(string?)i["attributes"]!["status"]}")];

        Assert.Equal([$"GET {account.Path($"products/{productId}")} 200"], await Urls($"url=products/{productId}"));
        Assert.Single(await Urls("status=404"));
        Assert.Equal(["POST"], (await Urls("method=post")).Select(u => u.Split(' ')[0]).Distinct());
        Assert.True((await Urls("ip=127.0")).Count >= 4);
        Assert.Empty(await Urls("ip=10."));
        Assert.Empty(await Urls("url=PRODUCTS"));
        foreach (var form in new[] { $"requestor[type]=User&requestor[id]={userId}", $"requestor[]=users&requestor[]={userId}", $"requestor={userId}" })
        {
            // The user's requests: its login (HTTP Basic) and /me.
            Assert.Equal([$"GET {account.Path("me")} 200", $"POST {account.Path("tokens")} 201"], await Urls(form));
        }

        Assert.Equal([$"GET {account.Path($"products/{productId}")} 200"], await Urls($"resource[type]=product&resource[id]={productId}"));
        (await app.Admin(account).GetAsync(account.Path("request-logs?date[start]=2026-01-01&date[end]=2026-01-01"))).ExpectError(400, parameter: "date");
    }

    [Fact]
    public async Task Per_day_counts_cover_the_last_fourteen_utc_days()
    {
        var account = await app.CreateAccountAsync();
        var today = DateTime.UtcNow.Date;
        await app.QueryAsync(db =>
        {
            foreach (var daysAgo in new[] { 5, 5, 14 })
            {
                db.RequestLogs.Add(new RequestLog
                {
                    Id = Guid.NewGuid(),
                    AccountId = account.Id,
                    Created = today.AddDays(-daysAgo).AddHours(1),
                    Url = "/old",
                    Method = "GET",
                    Status = 200,
                    Ip = "127.0.0.1",
                });
            }

            return db.SaveChangesAsync();
        });
        var listed = (await app.Admin(account).GetAsync(account.Path("products"))).Expect(200);
        await Logs.RequestLogAsync(app, account, listed.Header("X-Request-Id")!);

        var counts = (await app.Admin(account).GetAsync(account.Path("request-logs/actions/count"))).Expect(200);

        var meta = counts.Meta!.AsObject();
        Assert.Equal(Enumerable.Range(0, 14).Select(i => today.AddDays(i - 13).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            meta.Select(m => m.Key));
        Assert.Equal(2, (int)meta[today.AddDays(-5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)]!);
        var todays = (int)meta[today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)]!;
        Assert.True(todays >= 1);
        Assert.Equal(2 + todays, meta.Sum(m => (int)m.Value!));
    }

    [Fact]
    public async Task Only_admins_developers_and_read_only_users_read_request_logs()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account));
        var path = account.Path($"request-logs/{license.Header("X-Request-Id")}");
        await Logs.RequestLogAsync(app, account, license.Header("X-Request-Id")!);

        foreach (var role in new[] { Core.Users.Roles.Developer, Core.Users.Roles.ReadOnly })
        {
            var (_, token) = await Logs.RoleUserAsync(app, account, role);
            (await app.Client(token).GetAsync(account.Path("request-logs"))).Expect(200);
            (await app.Client(token).GetAsync(account.Path("request-logs/actions/count"))).Expect(200);
            (await app.Client(token).GetAsync(path)).Expect(200);
        }

        foreach (var role in new[] { Core.Users.Roles.SalesAgent, Core.Users.Roles.SupportAgent })
        {
            var (_, token) = await Logs.RoleUserAsync(app, account, role);
            (await app.Client(token).GetAsync(account.Path("request-logs"))).ExpectError(403);
            (await app.Client(token).GetAsync(account.Path("request-logs/actions/count"))).ExpectError(403);
            (await app.Client(token).GetAsync(path)).ExpectError(403);
        }

        var productToken = await app.ProductTokenAsync(account, await app.CreateProductAsync(account));
        var licenseToken = (await app.Admin(account).PostAsync(account.Path($"licenses/{license.Data!["id"]}/tokens"))).Expect(200).Attribute("token");
        foreach (var token in new[] { productToken, licenseToken })
        {
            (await app.Client(token).GetAsync(account.Path("request-logs"))).ExpectError(403);
            (await app.Client(token).GetAsync(account.Path("request-logs/actions/count"))).ExpectError(403);
            var hidden = (await app.Client(token).GetAsync(path)).ExpectError(404, "NOT_FOUND");
            Assert.Equal("The requested request log was not found", (string?)hidden["detail"]);
        }
    }

    [Fact]
    public async Task Request_logging_can_be_turned_off_and_the_writer_flushes_on_shutdown()
    {
        var account = await app.CreateAccountAsync();
        string loggedId, unloggedId;
        await using (var node = await app.StartSecondNodeAsync())
        {
            loggedId = (await node.Admin(account).GetAsync(account.Path("products"))).Expect(200).Header("X-Request-Id")!;
        }

        await using (var off = await app.StartSecondNodeAsync(new Dictionary<string, string?> { ["Logs:RequestLogs"] = "false" }))
        {
            unloggedId = (await off.Admin(account).GetAsync(account.Path("products"))).Expect(200).Header("X-Request-Id")!;
        }

        var stored = await app.QueryAsync(db => Task.FromResult(db.RequestLogs.Where(l => l.AccountId == account.Id).Select(l => l.Id.ToString()).ToList()));
        Assert.Contains(loggedId, stored);
        Assert.DoesNotContain(unloggedId, stored);
    }
}
