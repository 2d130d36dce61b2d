using LicenseServer.Api.JsonApi;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Webhooks;

namespace LicenseServer.Tests.Operations;

/// <summary>
/// PostgreSQL stops for a while under load, then starts again (README, "During a database outage"). The server runs as its
/// own process on its own cluster, so stopping that cluster disturbs no other test.
/// </summary>
public sealed class SurvivingADatabaseOutage
{
    /// <summary>How long the database stays down.</summary>
    private const int OutageSeconds = 20;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Hangfire's workers back off after failing against their storage (up to about a minute) before they poll again.</summary>
    private static readonly TimeSpan HangfirePatience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task While_PostgreSQL_is_down_requests_answer_503_and_afterwards_every_acknowledged_write_is_there()
    {
        await using var receiver = await LocalReceiver.StartAsync();
        await using var server = await IsolatedServer.StartAsync(new Dictionary<string, string> { ["Jobs__Worker"] = "true" });
        var account = await server.CreateAccountAsync();
        (await server.Admin(account).PostAsync(account.Path("webhook-endpoints"), Hooks.Endpoint(receiver.Url, ["machine.created"]))).Expect(201);
        var (licenseId, key) = await Traffic.CreateLicenseAsync(server.Admin(account), account);

        var traffic = Traffic.Start(_ => server.Admin(account), () => server.Anonymous, account, licenseId, key, clients: 4);
        Assert.True(await traffic.WaitUntilAsync(t => t.Count(o => o.Succeeded && o.Kind == Traffic.Kind.Activation) >= 10, Patience),
            "no activations succeeded before the outage: " + string.Join("\n", traffic.Outcomes.Take(5)));

        await server.Cluster.StopAsync();
        var down = DateTime.UtcNow;
        var readiness = new List<ApiResponse>();
        while (DateTime.UtcNow - down < TimeSpan.FromSeconds(OutageSeconds))
        {
            readiness.Add(await server.Anonymous.GetAsync("/v1/health/ready"));
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        var up = DateTime.UtcNow;
        await server.Cluster.StartAsync();
        Assert.True(await traffic.WaitUntilAsync(
            t => t.Count(o => o.Succeeded && o.Kind == Traffic.Kind.Activation && o.Sent > up) >= 10
                && t.Count(o => o.Succeeded && o.Kind == Traffic.Kind.Validation && o.Sent > up) >= 10, Patience),
            "the server did not recover after PostgreSQL came back:\n" + server.Process.Tail);
        var ready = await server.Anonymous.GetAsync("/v1/health/ready");
        await traffic.StopAsync();
        var outcomes = traffic.Outcomes;

        // Nothing but 2xx, 503 or a lost response (a request in flight when the connection broke): never a 500.
        var odd = outcomes.Where(o => o.Response is { } r && !o.Succeeded && r.Status != 503).ToList();
        Assert.True(odd.Count == 0, "unexpected answers:\n" + string.Join("\n", odd.Take(10)));

        // While the database was down, every request answered 503 with Retry-After and a JSON:API error document.
        var during = outcomes.Where(o => o.Sent > down && o.Done < up).ToList();
        Assert.True(during.Count >= 20, $"only {during.Count} requests during the outage");
        Assert.All(during, o =>
        {
            Assert.True(o.Response is not null, $"no response during the outage: {o}");
            var error = o.Response.ExpectError(503, code: "SERVICE_UNAVAILABLE");
            Assert.Equal("Service unavailable", (string?)error["title"]);
            Assert.Equal("5", o.Response.Header("Retry-After"));
            Assert.StartsWith("application/vnd.api+json", o.Response.Header("Content-Type"));
        });
        Assert.Contains(during, o => o.Kind == Traffic.Kind.Activation);
        Assert.Contains(during, o => o.Kind == Traffic.Kind.Validation);
        Assert.NotEmpty(readiness);
        Assert.All(readiness, r =>
        {
            r.Expect(503);
            Assert.Equal("5", r.Header("Retry-After"));
        });
        ready.Expect(204);

        // Every activation answered 2xx is stored; every stored machine was answered 2xx, or its answer was lost in flight
        // (those "unknown" requests count on neither side).
        var stored = (await server.ColumnAsync<string>("SELECT fingerprint FROM machines WHERE license_id = $1", Guid.Parse(licenseId))).ToHashSet();
        var acknowledged = outcomes.Where(o => o.Kind == Traffic.Kind.Activation && o.Succeeded).Select(o => o.Fingerprint!).ToHashSet();
        var unknown = outcomes.Where(o => o.Kind == Traffic.Kind.Activation && o.Unknown).Select(o => o.Fingerprint!).ToHashSet();
        Assert.Empty(acknowledged.Except(stored));
        Assert.Empty(stored.Except(acknowledged).Except(unknown));

        // Every validation answered 2xx has its event, once the validation writer has caught up (it retries with backoff).
        var validated = outcomes.Count(o => o.Kind == Traffic.Kind.Validation && o.Succeeded);
        var validatedUnknown = outcomes.Count(o => o.Kind == Traffic.Kind.Validation && o.Unknown);
        long events = 0;
        for (var until = DateTime.UtcNow + Patience; DateTime.UtcNow < until; await Task.Delay(200, TestContext.Current.CancellationToken))
        {
            events = await ValidationEventsAsync(server, licenseId);
            if (events >= validated)
            {
                break;
            }
        }

        Assert.InRange(events, validated, validated + validatedUnknown);

        // Hangfire came through too: a machine activated after the outage is delivered to the webhook endpoint.
        var after = outcomes.Last(o => o.Kind == Traffic.Kind.Activation && o.Succeeded).Fingerprint!;
        Assert.True(await Poll.UntilAsync(() => receiver.Received.Any(r => r.Body.Contains(after, StringComparison.Ordinal)), HangfirePatience),
            "the webhook of a machine activated after the outage was not delivered:\n" + server.Process.Tail);

        // The log says so in a few lines (the first, one per 10 s while it lasts, the recovery, the validation writer's),
        // not a stack trace per request.
        var log = server.ReadLog();
        Assert.Contains("Database unavailable: ", log, StringComparison.Ordinal);
        Assert.DoesNotContain("fail: LicenseServer.Api.JsonApi.ErrorHandlingMiddleware", log, StringComparison.Ordinal);
        var lastTurnedAway = outcomes.Where(o => o.Response?.Status == 503).Max(o => o.Done);
        var outageLines = log.Split('\n').Where(l => l.Contains("Database unavailable", StringComparison.Ordinal)
            || l.Contains("Database still unavailable", StringComparison.Ordinal) || l.Contains("Database available again", StringComparison.Ordinal)).ToList();
        var most = 3 + ((lastTurnedAway - down).TotalSeconds / DatabaseUnavailable.ReportEvery.TotalSeconds);
        Assert.True(outageLines.Count >= 2 && outageLines.Count <= most,
            $"{outageLines.Count} outage lines, expected 2 to {most:0.#}:\n{string.Join('\n', outageLines)}");
    }

    [Fact]
    public async Task A_server_started_while_PostgreSQL_is_down_says_it_waits_and_serves_once_PostgreSQL_is_up()
    {
        await using var server = await IsolatedServer.StartAsync();
        Assert.Equal(0, await server.Process.TerminateAsync(Patience));
        await server.Cluster.StopAsync();

        var starting = server.RestartAsync();
        Assert.True(await Poll.UntilAsync(() => File.Exists(server.LogPath) && server.ReadLog().Contains("Waiting for the database before starting", StringComparison.Ordinal), Patience),
            "the server did not say it waits for the database");
        Assert.False(starting.IsCompleted, "the server started without its database");

        await server.Cluster.StartAsync();
        await starting;
        var account = await server.CreateAccountAsync();
        (await server.Admin(account).GetAsync(account.Path("licenses"))).Expect(200);
        Assert.Contains("Database reached after", server.ReadLog(), StringComparison.Ordinal);
    }

    private static Task<long> ValidationEventsAsync(IsolatedServer server, string licenseId) =>
        server.ScalarAsync<long>("SELECT count(*) FROM events WHERE resource_id = $1 AND name LIKE 'license.validation.%'", Guid.Parse(licenseId));
}
