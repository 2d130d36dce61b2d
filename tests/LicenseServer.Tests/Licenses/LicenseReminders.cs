using System.Text.Json.Nodes;
using LicenseServer.Api.Licenses;
using LicenseServer.Core.Licenses;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Machines;
using LicenseServer.Tests.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Licenses;

/// <summary>
/// The scheduled reminder events (behaviour.md §8 "Events raised by scheduled jobs"): expiring-soon, expired,
/// check-in-required-soon and check-in-overdue, each at most once per license per 24 hours, against a frozen clock.
/// </summary>
public sealed class LicenseReminders(ClockedApp clocked) : IClassFixture<ClockedApp>
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, object?> CheckInEveryTwoDays = new()
    {
        ["requireCheckIn"] = true,
        ["checkInInterval"] = "day",
        ["checkInIntervalCount"] = 2,
    };

    private TestApp App => clocked.App;

    private TestClock Clock => clocked.Clock;

    private Task<int> RunExpirationsAsync() =>
        App.QueryAsync(db => new LicenseExpirationsJob(db, Clock, LicenseSerializer.Json).RunAsync(CancellationToken.None));

    private Task<int> RunCheckInsAsync() =>
        App.QueryAsync(db => new CheckInOverdueJob(db, Clock, LicenseSerializer.Json).RunAsync(CancellationToken.None));

    private Task<List<string>> EventsAsync(string license)
    {
        var id = Guid.Parse(license);
        return App.QueryAsync(db => db.Events.Where(e => e.ResourceId == id && e.Name.StartsWith("license.")
                && (e.Name.Contains("expir") || e.Name.Contains("check-in-")))
            .OrderBy(e => e.Created).Select(e => e.Name).ToListAsync());
    }

    private async Task<(TestAccount Account, string License)> LicenseExpiringInAsync(TimeSpan fromNow)
    {
        Clock.Now = Start;
        var account = await App.CreateAccountAsync();
        var expiry = (Start + fromNow).ToString("O");
        return (account, await App.CreateLicenseOnAsync(account, licenseAttributes: new { expiry }));
    }

    private async Task<(TestAccount Account, string License)> CheckedInLicenseAsync(Dictionary<string, object?>? policy = null, object? license = null)
    {
        Clock.Now = Start;
        var account = await App.CreateAccountAsync();
        var id = await App.CreateLicenseOnAsync(account, policy ?? CheckInEveryTwoDays, license);
        (await App.Admin(account).PostAsync(account.Path($"licenses/{id}/actions/check-in"))).Expect(200);
        return (account, id);
    }

    [Fact]
    public async Task A_license_expiring_within_three_days_is_announced_once_a_day_until_it_expires()
    {
        var (_, license) = await LicenseExpiringInAsync(TimeSpan.FromDays(2));

        await RunExpirationsAsync();
        await RunExpirationsAsync();
        Assert.Equal(["license.expiring-soon"], await EventsAsync(license));

        Clock.Advance(TimeSpan.FromHours(23));
        await RunExpirationsAsync();
        Assert.Single(await EventsAsync(license));

        Clock.Advance(TimeSpan.FromHours(2));
        await RunExpirationsAsync();
        Assert.Equal(["license.expiring-soon", "license.expiring-soon"], await EventsAsync(license));
    }

    [Fact]
    public async Task A_license_expiring_later_than_three_days_is_not_announced()
    {
        var (_, license) = await LicenseExpiringInAsync(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));

        await RunExpirationsAsync();
        Assert.Empty(await EventsAsync(license));

        Clock.Advance(TimeSpan.FromMinutes(2));
        await RunExpirationsAsync();
        Assert.Equal(["license.expiring-soon"], await EventsAsync(license));
    }

    [Fact]
    public async Task An_expired_license_is_announced_once_within_twelve_hours_of_its_expiry()
    {
        var (_, license) = await LicenseExpiringInAsync(TimeSpan.FromHours(1));
        await RunExpirationsAsync();

        Clock.Advance(TimeSpan.FromHours(2));
        await RunExpirationsAsync();
        await RunExpirationsAsync();
        Clock.Advance(TimeSpan.FromHours(8));
        await RunExpirationsAsync();

        Assert.Equal(["license.expiring-soon", "license.expired"], await EventsAsync(license));
    }

    [Fact]
    public async Task An_expiry_older_than_twelve_hours_is_never_announced()
    {
        var (_, license) = await LicenseExpiringInAsync(TimeSpan.FromHours(1));
        Clock.Advance(TimeSpan.FromHours(14));

        await RunExpirationsAsync();

        Assert.Empty(await EventsAsync(license));
    }

    [Fact]
    public async Task The_event_carries_the_license_as_the_job_saw_it_and_leaves_the_license_untouched()
    {
        var (_, license) = await LicenseExpiringInAsync(TimeSpan.FromDays(1));
        var id = Guid.Parse(license);
        var before = await App.QueryAsync(db => db.Licenses.AsNoTracking().SingleAsync(l => l.Id == id));
        Clock.Advance(TimeSpan.FromMinutes(10));

        await RunExpirationsAsync();

        var payload = JsonNode.Parse(await App.QueryAsync(db => db.Events.Where(e => e.ResourceId == id && e.Name == "license.expiring-soon").Select(e => e.Payload).SingleAsync()))!;
        Assert.Equal(license, (string?)payload["id"]);
        Assert.Equal("licenses", (string?)payload["type"]);
        Assert.Equal("EXPIRING", (string?)payload["attributes"]!["status"]);
        var after = await App.QueryAsync(db => db.Licenses.AsNoTracking().SingleAsync(l => l.Id == id));
        Assert.Equal(before.Updated, after.Updated);
        Assert.Equal(Clock.Now.UtcDateTime, after.LastExpiringSoonEventSentAt);
    }

    [Fact]
    public async Task A_subscribed_webhook_endpoint_gets_the_reminder()
    {
        var (account, license) = await LicenseExpiringInAsync(TimeSpan.FromDays(1));
        var endpoint = await Hooks.CreateEndpointAsync(App, account, "https://hooks.example.com/keygen", "license.expiring-soon");

        await RunExpirationsAsync();

        var delivery = Assert.Single(await Hooks.EventsAsync(App, account));
        Assert.Equal(endpoint, delivery.EndpointId);
        Assert.Equal("license.expiring-soon", delivery.Event);
        Assert.Contains(license, delivery.Payload);
    }

    [Fact]
    public async Task Two_nodes_running_the_job_at_once_send_one_notice_per_license()
    {
        Clock.Now = Start;
        var account = await App.CreateAccountAsync();
        var policy = await App.CreatePolicyAsync(account);
        var expiry = (Start + TimeSpan.FromDays(1)).ToString("O");
        var licenses = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            licenses.Add((string)(await App.CreateLicenseAsync(account, policy, new { expiry })).Data!["id"]!);
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RunExpirationsAsync()));

        var ids = licenses.Select(Guid.Parse).ToList();
        var counts = await App.QueryAsync(db => db.Events.Where(e => ids.Contains(e.ResourceId) && e.Name == "license.expiring-soon")
            .GroupBy(e => e.ResourceId).Select(g => g.Count()).ToListAsync());
        Assert.Equal(40, counts.Count);
        Assert.All(counts, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task A_check_in_due_within_three_days_is_announced_then_its_miss_once()
    {
        var (_, license) = await CheckedInLicenseAsync();

        await RunCheckInsAsync();
        await RunCheckInsAsync();
        Assert.Equal(["license.check-in-required-soon"], await EventsAsync(license));

        Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(10));
        await RunCheckInsAsync();
        await RunCheckInsAsync();
        Clock.Advance(TimeSpan.FromHours(11));
        await RunCheckInsAsync();

        Assert.Equal(["license.check-in-required-soon", "license.check-in-overdue"], await EventsAsync(license));
    }

    [Fact]
    public async Task A_check_in_missed_more_than_twelve_hours_ago_is_not_announced()
    {
        var (_, license) = await CheckedInLicenseAsync();
        Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(13));

        await RunCheckInsAsync();

        Assert.Empty(await EventsAsync(license));
    }

    [Fact]
    public async Task Licenses_never_checked_in_expired_or_not_requiring_check_in_get_no_check_in_reminders()
    {
        var (_, neverCheckedIn) = await CheckedInLicenseAsync();
        var (_, expired) = await CheckedInLicenseAsync(license: new { expiry = (Start + TimeSpan.FromDays(1)).ToString("O") });
        Clock.Now = Start;
        var account = await App.CreateAccountAsync();
        var notRequired = await App.CreateLicenseOnAsync(account);
        var (never, other) = (Guid.Parse(neverCheckedIn), Guid.Parse(notRequired));
        await App.QueryAsync(db => db.Licenses.Where(l => l.Id == never).ExecuteUpdateAsync(s => s.SetProperty(l => l.LastCheckIn, (DateTime?)null)));
        await App.QueryAsync(db => db.Licenses.Where(l => l.Id == other).ExecuteUpdateAsync(s => s.SetProperty(l => l.LastCheckIn, Start.UtcDateTime)));
        Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));

        await RunCheckInsAsync();
        Clock.Advance(TimeSpan.FromDays(1));
        await RunCheckInsAsync();

        Assert.Empty(await EventsAsync(neverCheckedIn));
        Assert.Empty(await EventsAsync(expired));
        Assert.Empty(await EventsAsync(notRequired));
    }

    [Fact]
    public async Task A_monthly_check_in_falls_due_on_the_calendar_date_the_license_shows()
    {
        var monthly = new Dictionary<string, object?> { ["requireCheckIn"] = true, ["checkInInterval"] = "month", ["checkInIntervalCount"] = 1 };
        var (account, license) = await CheckedInLicenseAsync(monthly);
        var id = Guid.Parse(license);
        var lastCheckIn = new DateTime(2025, 1, 31, 12, 0, 0, DateTimeKind.Utc);
        await App.QueryAsync(db => db.Licenses.Where(l => l.Id == id).ExecuteUpdateAsync(s => s.SetProperty(l => l.LastCheckIn, lastCheckIn)));

        // Jan 31 + 1 month is Feb 28 (not Mar 2, as 30 days would be): at 13:00 on Feb 28 the check-in is an hour late.
        Clock.Now = new DateTimeOffset(2025, 2, 28, 13, 0, 0, TimeSpan.Zero);
        var shown = (await App.Admin(account).GetAsync(account.Path($"licenses/{license}"))).Expect(200).Data!["attributes"]!;
        Assert.Equal("2025-02-28T12:00:00.000Z", (string?)shown["nextCheckIn"]);

        await RunCheckInsAsync();

        Assert.Equal(["license.check-in-overdue"], await EventsAsync(license));
    }
}
