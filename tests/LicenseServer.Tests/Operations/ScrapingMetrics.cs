using System.Net;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Machines;
using LicenseServer.Tests.Webhooks;

namespace LicenseServer.Tests.Operations;

/// <summary>
/// <c>/metrics</c> serves Prometheus text: request durations per route template (never the raw path, so no license key
/// in a label), validations by code, activations and refusals by code, the validation writer's queue and lag, the jobs,
/// and Npgsql's pool; behind a bearer token when <c>Metrics:Token</c> is set.
/// </summary>
public sealed class ScrapingMetrics(TestApp app)
{
    private const string PrometheusAccept = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    [Fact]
    public async Task A_scrape_shows_validations_activations_routes_and_gauges_and_never_a_key()
    {
        var account = await app.CreateAccountAsync();
        var admin = app.Admin(account);
        var key = "METRIC-" + Guid.NewGuid().ToString("N")[..20].ToUpperInvariant();
        var license = await app.CreateLicenseOnAsync(account, licenseAttributes: new { key });
        var validation = await app.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key } });
        Assert.Equal("VALID", (string?)validation.Expect(200).Meta!["code"]);
        var unknown = await app.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key = "NO-SUCH-KEY" } });
        Assert.Equal("NOT_FOUND", (string?)unknown.Expect(200).Meta!["code"]);
        (await admin.GetAsync(account.Path($"licenses/{key}"))).Expect(200);
        (await admin.GetAsync(account.Path($"licenses/{key}/actions/validate"))).Expect(200);
        await app.CreateMachineAsync(account, license);
        (await admin.ActivateAsync(account, license, "second")).ExpectError(422, "MACHINE_LIMIT_EXCEEDED");

        var scrape = await app.Anonymous.SendRawAsync(HttpMethod.Get, "/metrics", null, null, PrometheusAccept);

        Assert.True(scrape.Status == 200, scrape.Body);
        var lines = scrape.Body.Split('\n');
        AssertSeries(lines, "licenseserver_license_validations_total{", "code=\"VALID\"", "valid=\"true\"");
        AssertSeries(lines, "licenseserver_license_validations_total{", "code=\"NOT_FOUND\"", "valid=\"false\"");
        AssertSeries(lines, "licenseserver_machine_activations_total");
        AssertSeries(lines, "licenseserver_machine_activation_rejections_total{", "code=\"MACHINE_LIMIT_EXCEEDED\"");
        AssertSeries(lines, "http_server_request_duration_seconds_count{", "http_route=\"/v1/accounts/{account}/licenses/actions/validate-key\"");
        AssertSeries(lines, "http_server_request_duration_seconds_count{", "http_route=\"/v1/accounts/{account}/licenses/{id}/actions/validate\"");
        AssertSeries(lines, "licenseserver_validation_writer_queue");
        AssertSeries(lines, "licenseserver_validation_writer_lag_seconds");
        AssertSeries(lines, "licenseserver_jobs{", "state=\"enqueued\"");
        AssertSeries(lines, "licenseserver_jobs{", "state=\"failed\"");
        AssertSeries(lines, "db_client_connection");

        // Series recorded per SQL statement or per routing attempt cost the hot path and are left out.
        Assert.DoesNotContain("db_client_operation", scrape.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_routing_match_attempts", scrape.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(key, scrape.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(account.Id.ToString(), scrape.Body, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(scrape.Header("X-Request-Id"));
    }

    [Fact]
    public async Task A_webhook_delivery_is_counted_by_the_status_it_leaves()
    {
        var account = await app.CreateAccountAsync();
        await Hooks.CreateEndpointAsync(app, account, "https://hooks.example.com/keygen", "product.created");
        await Hooks.CreateProductAsync(app, account);
        var id = (await Hooks.EventsAsync(app, account)).Single().Id;

        await Hooks.DeliverAsync(app, id, new StubHttpHandler(StubHttpHandler.Status(HttpStatusCode.OK)), new RecordingWebhookQueue(),
            new ManualClock(DateTimeOffset.UtcNow.AddSeconds(1)));
        var scrape = await app.Anonymous.SendRawAsync(HttpMethod.Get, "/metrics", null, null, PrometheusAccept);

        AssertSeries(scrape.Body.Split('\n'), "licenseserver_webhook_deliveries_total{", "status=\"DELIVERED\"");
    }

    [Fact]
    public async Task With_a_token_set_metrics_answer_only_that_bearer_token()
    {
        const string Token = "metrics-secret-0123456789";
        await using var guarded = await TestApp.StartAsync(new Dictionary<string, string?> { ["Metrics:Token"] = Token });

        var anonymous = await guarded.Anonymous.SendRawAsync(HttpMethod.Get, "/metrics", null, null, PrometheusAccept);
        var wrong = await guarded.WithAuthorization("Bearer metrics-secret-0123456788").SendRawAsync(HttpMethod.Get, "/metrics", null, null, PrometheusAccept);
        var right = await guarded.WithAuthorization("Bearer " + Token).SendRawAsync(HttpMethod.Get, "/metrics", null, null, PrometheusAccept);

        anonymous.ExpectError(401, "TOKEN_INVALID");
        wrong.ExpectError(401, "TOKEN_INVALID");
        Assert.True(right.Status == 200, right.Body);
        Assert.Contains("# TYPE", right.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_metrics_disabled_there_is_no_metrics_endpoint()
    {
        await using var plain = await TestApp.StartAsync(new Dictionary<string, string?> { ["Metrics:Enabled"] = "false" });

        var scrape = await plain.Anonymous.SendRawAsync(HttpMethod.Get, "/metrics", null, null, "application/vnd.api+json");

        scrape.ExpectError(404, "NOT_FOUND");
    }

    private static void AssertSeries(string[] lines, string prefix, params string[] labels) =>
        Assert.True(
            lines.Any(l => l.StartsWith(prefix, StringComparison.Ordinal) && labels.All(label => l.Contains(label, StringComparison.Ordinal))),
            $"no series {prefix} with {string.Join(", ", labels)} in:\n{string.Join('\n', lines.Where(l => !l.StartsWith('#')).Take(400))}");
}
