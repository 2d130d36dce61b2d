using System.Text.Json.Nodes;
using LicenseServer.Tests.Infrastructure;
using static LicenseServer.Tests.Analytics.AnalyticsSetup;

namespace LicenseServer.Tests.Analytics;

/// <summary>
/// The series, gauges, leaderboards and heatmap over request logs, events and licenses inserted at known times, on a
/// server whose clock stands at 2025-03-01 12:00 UTC (a Saturday): the UTC-day windows and their edges, the request
/// classes, validation codes, event patterns and resources, running totals, and the heatmap's cells.
/// </summary>
public sealed class AnalyticsOverTime(UnloggedClockedApp clocked) : IClassFixture<UnloggedClockedApp>
{
    private static readonly DateTime Noon = new(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Midnight = Noon.Date;

    private TestApp App => clocked.App;

    [Fact]
    public async Task The_requests_gauge_counts_todays_logs_by_class_and_ignores_other_statuses_and_days()
    {
        var account = await App.CreateAccountAsync();
        await App.InsertAsync(
            Log(account, Midnight, 200), Log(account, Noon, 201), Log(account, Noon, 204), Log(account, Noon, 304),
            Log(account, Noon, 422), Log(account, Noon, 429), Log(account, Noon, 503),
            Log(account, Noon, 206), Log(account, Noon, 418), Log(account, Noon, 511), Log(account, Midnight.AddTicks(-10), 200));

        var body = await BodyAsync(account, "gauges/requests");

        Assert.Equal("""{"data":[{"metric":"requests.2xx","count":3},{"metric":"requests.3xx","count":1},{"metric":"requests.4xx","count":2},{"metric":"requests.5xx","count":1}]}""", body);
    }

    [Fact]
    public async Task Usage_covers_today_and_the_14_days_before_by_default_metric_by_metric()
    {
        var account = await App.CreateAccountAsync();
        await App.InsertAsync(
            Log(account, Noon.AddDays(-15), 200), Log(account, Midnight.AddDays(-14), 200), Log(account, Noon.AddDays(-3), 404),
            Log(account, Noon.AddDays(-3), 200), Log(account, Noon, 200), Log(account, Noon, 200), Log(account, Noon, 500));

        var usage = await BodyAsync(account, "usage");
        var spark = await BodyAsync(account, "sparks/requests");
        var dated = await BodyAsync(account, "usage?date[start]=2025-02-14&date[end]=2025-02-14");

        Assert.Equal("""{"data":[""" + string.Join(',',
            """{"metric":"requests.2xx","date":"2025-02-15","count":1}""",
            """{"metric":"requests.2xx","date":"2025-02-26","count":1}""",
            """{"metric":"requests.2xx","date":"2025-03-01","count":2}""",
            """{"metric":"requests.4xx","date":"2025-02-26","count":1}""",
            """{"metric":"requests.5xx","date":"2025-03-01","count":1}""") + "]}", usage);
        Assert.Equal(usage, spark);
        Assert.Equal("""{"data":[{"metric":"requests.2xx","date":"2025-02-14","count":1}]}""", dated);
    }

    [Fact]
    public async Task The_top_lists_count_the_last_14_days_most_first_at_most_ten()
    {
        var account = await App.CreateAccountAsync();
        var (busy, quiet) = (Guid.NewGuid(), Guid.NewGuid());
        var rows = new List<object>
        {
            Log(account, Midnight.AddDays(-13), ip: "10.0.0.2", license: busy, url: "/v1/licenses/a"),
            Log(account, Noon, ip: "10.0.0.2", license: busy, url: "/v1/licenses/a"),
            Log(account, Noon, ip: "10.0.0.2", license: busy, url: "/v1/licenses/a", method: "POST"),
            Log(account, Noon, ip: "10.0.0.3", license: quiet, url: "/v1/licenses/b"),
            Log(account, Midnight.AddDays(-13).AddTicks(-10), ip: "10.0.0.3", license: quiet, url: "/v1/licenses/b"),
            Log(account, Midnight.AddDays(-13).AddTicks(-10), ip: "10.0.0.3", license: quiet, url: "/v1/licenses/b"),
        };
        rows.AddRange(Enumerable.Range(10, 12).Select(i => Log(account, Noon, ip: $"192.168.0.{i}", url: $"/v1/products/{i}")));
        await App.InsertAsync([.. rows]);

        var licenses = await JsonAsync(account, "actions/top-licenses-by-volume");
        var ips = await JsonAsync(account, "actions/top-ips-by-volume");
        var urls = await JsonAsync(account, "actions/top-urls-by-volume");

        Assert.Equal($$"""[{"licenseId":"{{busy}}","count":3},{"licenseId":"{{quiet}}","count":1}]""", licenses["meta"]!.ToJsonString());
        Assert.Equal(10, ips["meta"]!.AsArray().Count);
        Assert.Equal("""{"ip":"10.0.0.2","count":3}""", ips["meta"]![0]!.ToJsonString());
        Assert.Equal("""{"ip":"10.0.0.3","count":1}""", ips["meta"]![1]!.ToJsonString());
        Assert.Equal("""{"method":"GET","url":"/v1/licenses/a","count":2}""", urls["meta"]![0]!.ToJsonString());
        Assert.Equal(10, urls["meta"]!.AsArray().Count);
    }

    [Fact]
    public async Task Leaderboards_rank_ips_licenses_urls_and_user_agents_within_the_limit()
    {
        var account = await App.CreateAccountAsync();
        var license = Guid.NewGuid();
        await App.InsertAsync(
            Log(account, Noon, ip: "10.0.0.1", method: "POST", url: "/v1/licenses/actions/validate-key", userAgent: "app/2.0"),
            Log(account, Noon, ip: "10.0.0.1", method: "POST", url: "/v1/licenses/actions/validate-key", userAgent: "app/2.0", license: license),
            Log(account, Noon, ip: "10.0.0.2", userAgent: null, license: license),
            Log(account, Noon.AddDays(-2), ip: "10.0.0.3", userAgent: "app/1.0"),
            Log(account, Noon.AddDays(-20), ip: "10.0.0.9", userAgent: "old/1.0"));

        Assert.Equal("""{"data":[{"discriminator":"10.0.0.1","count":2},{"discriminator":"10.0.0.2","count":1},{"discriminator":"10.0.0.3","count":1}]}""",
            await BodyAsync(account, "leaderboards/ips"));
        Assert.Equal("""{"data":[{"discriminator":"10.0.0.1","count":2}]}""", await BodyAsync(account, "leaderboards/ips?limit=1"));
        Assert.Equal($$"""{"data":[{"discriminator":"{{license}}","count":2}]}""", await BodyAsync(account, "leaderboards/licenses"));
        Assert.Equal("""{"data":[{"discriminator":"GET /v1/licenses","count":2},{"discriminator":"POST /v1/licenses/actions/validate-key","count":2}]}""",
            await BodyAsync(account, "leaderboards/urls"));
        Assert.Equal("""{"data":[{"discriminator":"app/2.0","count":2},{"discriminator":"app/1.0","count":1}]}""", await BodyAsync(account, "leaderboards/user-agents"));
        Assert.Equal("""{"data":[{"discriminator":"old/1.0","count":1}]}""",
            await BodyAsync(account, "leaderboards/user-agents?date[start]=2025-02-09&date[end]=2025-02-09"));
    }

    [Fact]
    public async Task Validations_are_counted_by_code_from_the_event_log_metadata_optionally_for_one_license()
    {
        var account = await App.CreateAccountAsync();
        var license = Guid.NewGuid();
        await App.InsertAsync(
            Validated(account, "VALID", Noon, license), Validated(account, "VALID", Noon), Validated(account, "NOT_FOUND", Noon),
            Validated(account, "FINGERPRINT_SCOPE_MISMATCH", Noon, license), Validated(account, "EXPIRED", Noon.AddDays(-1), license),
            Raised(account, "license.validation.failed", Noon, metadata: """{"code": "NOT_FOUND"}"""),
            Raised(account, "license.validation.failed", Noon, metadata: null),
            Raised(account, "license.validation.failed", Noon, metadata: "not json"),
            Raised(account, "license.created", Noon, metadata: """{"code":"VALID"}"""));

        Assert.Equal(
            """{"data":[{"metric":"validations.fingerprint-scope-mismatch","count":1},{"metric":"validations.not-found","count":2},{"metric":"validations.valid","count":2}]}""",
            await BodyAsync(account, "gauges/validations"));
        Assert.Equal("""{"data":[{"metric":"validations.fingerprint-scope-mismatch","count":1},{"metric":"validations.valid","count":1}]}""",
            await BodyAsync(account, $"gauges/validations?license={license}"));
        Assert.Equal("""{"data":[""" + string.Join(',',
            """{"metric":"validations.expired","date":"2025-02-28","count":1}""",
            """{"metric":"validations.fingerprint-scope-mismatch","date":"2025-03-01","count":1}""",
            """{"metric":"validations.valid","date":"2025-03-01","count":1}""") + "]}",
            await BodyAsync(account, $"sparks/validations?license={license}"));
    }

    [Fact]
    public async Task Event_gauges_and_series_match_names_and_patterns()
    {
        var account = await App.CreateAccountAsync();
        await App.InsertAsync(
            Raised(account, "license.created", Noon), Raised(account, "license.created", Noon.AddDays(-2)),
            Raised(account, "license.suspended", Noon), Raised(account, "machine.created", Noon),
            Raised(account, "license.created", Noon.AddDays(-30)));

        Assert.Equal("""{"data":[{"metric":"events.license-created","count":1},{"metric":"events.license-suspended","count":1}]}""",
            await BodyAsync(account, "gauges/events/license.*"));
        Assert.Equal("""{"data":[{"metric":"events.machine-created","count":1}]}""", await BodyAsync(account, "gauges/events/machine.created"));
        Assert.Equal("""{"data":[]}""", await BodyAsync(account, "gauges/events/license.bananas"));
        Assert.Equal("""{"data":[""" + string.Join(',',
            """{"metric":"license.created","date":"2025-02-27","count":1}""",
            """{"metric":"license.created","date":"2025-03-01","count":1}""",
            """{"metric":"license.suspended","date":"2025-03-01","count":1}""") + "]}",
            await BodyAsync(account, "events/license.*"));
        Assert.Equal("""{"data":[{"metric":"events.license-created","date":"2025-02-27","count":1},{"metric":"events.license-created","date":"2025-03-01","count":1}]}""",
            await BodyAsync(account, "sparks/events/license.created"));
    }

    [Fact]
    public async Task An_event_series_narrowed_to_a_resource_counts_the_events_logged_against_it()
    {
        var account = await App.CreateAccountAsync();
        var (license, machine) = (Guid.NewGuid(), Guid.NewGuid());
        await App.InsertAsync(
            Raised(account, "license.updated", Noon, resource: license),
            Raised(account, "machine.created", Noon, resource: machine, logged: ("licenses", license)),
            Raised(account, "license.updated", Noon, resource: license, logged: ("machines", machine)),
            Raised(account, "license.updated", Noon));

        Assert.Equal("""{"data":[{"metric":"license.updated","date":"2025-03-01","count":1},{"metric":"machine.created","date":"2025-03-01","count":1}]}""",
            await BodyAsync(account, $"events/*.*?resource[type]=licenses&resource[id]={license}"));
        Assert.Equal("""{"data":[{"metric":"license.updated","date":"2025-03-01","count":1}]}""",
            await BodyAsync(account, $"events/license.updated?resource[type]=machines&resource[id]={machine}"));
        Assert.Equal("""{"data":[{"metric":"license.updated","date":"2025-03-01","count":3}]}""",
            await BodyAsync(account, $"events/license.updated?resource[type]=licenses"));
    }

    [Fact]
    public async Task Sparks_of_records_are_each_days_running_total_and_alus_only_today()
    {
        var account = await App.CreateAccountAsync();
        var policy = await App.PolicyAsync(account);
        await App.InsertAsync(
            License(account, policy, Noon.AddDays(-40)), License(account, policy, Noon.AddDays(-3)),
            License(account, policy, Noon.AddDays(-3)), License(account, policy, Noon),
            EndUser(account, Noon.AddDays(-1)));

        Assert.Equal("""{"data":[""" + string.Join(',',
            """{"metric":"licenses","date":"2025-02-25","count":1}""",
            """{"metric":"licenses","date":"2025-02-26","count":3}""",
            """{"metric":"licenses","date":"2025-02-27","count":3}""",
            """{"metric":"licenses","date":"2025-02-28","count":3}""",
            """{"metric":"licenses","date":"2025-03-01","count":4}""") + "]}",
            await BodyAsync(account, "sparks/licenses?date[start]=2025-02-25&date[end]=2025-03-01"));
        Assert.Equal("""{"data":[{"metric":"users","date":"2025-02-28","count":1},{"metric":"users","date":"2025-03-01","count":1}]}""",
            await BodyAsync(account, "sparks/users?date[start]=2025-02-25&date[end]=2025-03-01"));
        Assert.Equal("""{"data":[{"metric":"alus","date":"2025-03-01","count":4}]}""", await BodyAsync(account, "sparks/alus"));
        Assert.Equal("""{"data":[]}""", await BodyAsync(account, "sparks/alus?date[start]=2025-02-25&date[end]=2025-02-28"));
        Assert.Equal("""{"data":[]}""", await BodyAsync(account, "sparks/machines"));
    }

    [Fact]
    public async Task The_expirations_heatmap_lays_out_each_day_by_week_and_weekday_with_its_temperature()
    {
        var account = await App.CreateAccountAsync();
        var policy = await App.PolicyAsync(account);
        await App.InsertAsync(
            License(account, policy, Noon, expiry: Noon.AddDays(1)), // Sunday 2025-03-02: week 1 of the grid from Sunday 2025-02-23
            License(account, policy, Noon, expiry: Noon.AddDays(1).AddHours(11)),
            License(account, policy, Noon, expiry: Noon.AddDays(5)), // Thursday 2025-03-06
            License(account, policy, Noon, expiry: Midnight), // today, Saturday, at its first instant
            License(account, policy, Noon, expiry: Midnight.AddTicks(-10)), // yesterday: before the default window
            License(account, policy, Noon));

        var cells = await BodyAsync(account, "heatmaps/expirations");
        var narrowed = await BodyAsync(account, "heatmaps/expirations?date[start]=2025-03-02&date[end]=2025-03-05");

        Assert.Equal("""{"data":[""" + string.Join(',',
            """{"date":"2025-03-01","x":0,"y":6,"temperature":0.5,"count":1}""",
            """{"date":"2025-03-02","x":1,"y":0,"temperature":1,"count":2}""",
            """{"date":"2025-03-06","x":1,"y":4,"temperature":0.5,"count":1}""") + "]}", cells);
        Assert.Equal("""{"data":[{"date":"2025-03-02","x":0,"y":0,"temperature":1,"count":2}]}""", narrowed);
    }

    private async Task<string> BodyAsync(TestAccount account, string route) =>
        (await App.Admin(account).GetAsync(account.Analytics(route))).Expect(200).Body;

    private async Task<JsonNode> JsonAsync(TestAccount account, string route) =>
        (await App.Admin(account).GetAsync(account.Analytics(route))).Expect(200).Json!;
}
