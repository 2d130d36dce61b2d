using LicenseServer.Core.Licenses;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using LicenseServer.Tests.Machines;
using static LicenseServer.Tests.Analytics.AnalyticsSetup;

namespace LicenseServer.Tests.Analytics;

/// <summary>
/// The analytics routes over HTTP (enterprise.md §6): who may read them, their shapes on an empty account, the summary
/// counts and the active-licensed-user rules, every parameter error, and the unknown names.
/// </summary>
public sealed class ReadingAnalytics(UnloggedApp unlogged) : IClassFixture<UnloggedApp>
{
    private TestApp App => unlogged.App;

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static TheoryData<string, string> EmptyAccount => new()
    {
        { "actions/count", """{"meta":{"activeLicensedUsers":0,"activeLicenses":0,"totalLicenses":0,"totalMachines":0,"totalUsers":0}}""" },
        { "actions/top-licenses-by-volume", """{"meta":[]}""" },
        { "actions/top-urls-by-volume", """{"meta":[]}""" },
        { "actions/top-ips-by-volume", """{"meta":[]}""" },
        { "gauges/licenses", """{"data":[{"metric":"licenses","count":0}]}""" },
        { "gauges/machines", """{"data":[{"metric":"machines","count":0}]}""" },
        { "gauges/users", """{"data":[{"metric":"users","count":0}]}""" },
        { "gauges/alus", """{"data":[{"metric":"alus","count":0}]}""" },
        { "gauges/requests", """{"data":[{"metric":"requests.2xx","count":0},{"metric":"requests.3xx","count":0},{"metric":"requests.4xx","count":0},{"metric":"requests.5xx","count":0}]}""" },
        { "gauges/validations", """{"data":[]}""" },
        { "gauges/events/license.created", """{"data":[]}""" },
        { "gauges/events/license.bananas", """{"data":[]}""" },
        { "sparks/licenses", """{"data":[]}""" },
        { "sparks/machines", """{"data":[]}""" },
        { "sparks/users", """{"data":[]}""" },
        { "sparks/alus", """{"data":[]}""" },
        { "sparks/requests", """{"data":[]}""" },
        { "sparks/validations", """{"data":[]}""" },
        { "sparks/events/license.*", """{"data":[]}""" },
        { "events/license.validation.succeeded", """{"data":[]}""" },
        { "usage", """{"data":[]}""" },
        { "leaderboards/ips", """{"data":[]}""" },
        { "leaderboards/licenses", """{"data":[]}""" },
        { "leaderboards/urls", """{"data":[]}""" },
        { "leaderboards/user-agents", """{"data":[]}""" },
        { "heatmaps/expirations", """{"data":[]}""" },
    };

    [Theory]
    [MemberData(nameof(EmptyAccount))]
    public async Task An_empty_account_has_zero_gauges_and_empty_lists(string route, string expected)
    {
        var account = await App.CreateAccountAsync();

        var response = (await App.Admin(account).GetAsync(account.Analytics(route))).Expect(200);

        Assert.Equal(expected, response.Body);
        Assert.StartsWith("application/vnd.api+json", response.ContentHeaders.ContentType?.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gauges/licenses")]
    [InlineData("sparks/requests")]
    [InlineData("leaderboards/ips")]
    [InlineData("heatmaps/expirations")]
    [InlineData("actions/count")]
    public async Task The_routes_are_served_under_the_dash_base_as_well(string route)
    {
        var account = await App.CreateAccountAsync();
        var policy = await App.CreatePolicyAsync(account);
        await App.CreateLicenseAsync(account, policy, new { expiry = DateTime.UtcNow.AddDays(2) });

        var underAccount = (await App.Admin(account).GetAsync(account.Analytics(route))).Expect(200);
        var underDash = (await App.Admin(account).GetAsync($"/-/accounts/{account.Slug}/analytics/{route}")).Expect(200);

        Assert.Equal(underAccount.Body, underDash.Body);
    }

    [Fact]
    public async Task A_json_accept_header_gets_application_json()
    {
        var account = await App.CreateAccountAsync();

        var response = await App.Admin(account).SendRawAsync(HttpMethod.Get, account.Analytics("gauges/users"), null, null, accept: "application/json");

        response.Expect(200);
        Assert.StartsWith("application/json", response.ContentHeaders.ContentType?.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("admin", 200)]
    [InlineData("developer", 200)]
    [InlineData("sales-agent", 200)]
    [InlineData("support-agent", 200)]
    [InlineData("read-only", 200)]
    [InlineData("user", 403)]
    [InlineData("product", 403)]
    [InlineData("license", 403)]
    [InlineData("anonymous", 401)]
    public async Task Staff_and_read_only_read_analytics_and_nobody_else(string who, int status)
    {
        var account = await App.CreateAccountAsync();
        var client = who switch
        {
            "anonymous" => App.Anonymous,
            "product" => App.Client(await Users.UserBuilders.ProductTokenAsync(App, account)),
            "license" => App.WithAuthorization("License " + await LicenseKeyAsync(account)),
            _ => App.Client((await Users.UserBuilders.CreateUserWithTokenAsync(App, account, who)).Token),
        };

        foreach (var route in new[] { "actions/count", "actions/top-ips-by-volume", "gauges/licenses", "sparks/requests", "leaderboards/urls", "heatmaps/expirations" })
        {
            var response = await client.GetAsync(account.Analytics(route));
            if (status == 200)
            {
                response.Expect(200);
            }
            else
            {
                response.ExpectError(status);
            }
        }
    }

    [Fact]
    public async Task Count_totals_the_licenses_machines_and_end_users()
    {
        var account = await App.CreateAccountAsync();
        var (owner, _) = await Users.UserBuilders.CreateUserAsync(App, account);
        await Users.UserBuilders.CreateUserAsync(App, account, "support-agent");
        var policy = await App.CreatePolicyAsync(account, new { name = "Floating", floating = true, maxMachines = 5 });
        var owned = (string)(await App.CreateLicenseAsync(account, policy, ownerId: owner)).Data!["id"]!;
        await App.CreateLicenseAsync(account, policy);
        await App.CreateMachineAsync(account, owned);

        var meta = (await App.Admin(account).GetAsync(account.Analytics("actions/count"))).Expect(200).Meta!;

        Assert.Equal(2, (int)meta["totalLicenses"]!);
        Assert.Equal(1, (int)meta["totalMachines"]!);
        Assert.Equal(1, (int)meta["totalUsers"]!);
        Assert.Equal(2, (int)meta["activeLicenses"]!);
        Assert.Equal(2, (int)meta["activeLicensedUsers"]!);
    }

    [Fact]
    public async Task Active_licensed_users_count_each_related_user_once_plus_each_active_unassigned_license()
    {
        var account = await App.CreateAccountAsync();
        var now = DateTime.UtcNow;
        var policy = await App.PolicyAsync(account);
        var (u1, u2, u3, banned) = (EndUser(account, now), EndUser(account, now), EndUser(account, now), EndUser(account, now, banned: true));
        await App.InsertAsync(u1, u2, u3, banned, EndUser(account, now, role: "support-agent"));
        var attachedOnly = License(account, policy, now);
        var checkedIn = License(account, policy, now.AddDays(-100));
        checkedIn.LastCheckIn = now.AddDays(-10);
        var staleValidation = License(account, policy, now.AddDays(-100));
        staleValidation.LastValidated = now.AddDays(-91);
        var checkedOut = License(account, policy, now.AddDays(-200), owner: u3.Id);
        checkedOut.LastCheckOut = now.AddDays(-1);
        await App.InsertAsync(
            License(account, policy, now, owner: u1.Id),
            License(account, policy, now, owner: u1.Id),
            attachedOnly,
            License(account, policy, now),
            License(account, policy, now, owner: banned.Id),
            License(account, policy, now.AddDays(-100), owner: u3.Id),
            checkedIn,
            staleValidation,
            checkedOut);
        await App.InsertAsync(
            new LicenseUser { AccountId = account.Id, LicenseId = attachedOnly.Id, UserId = u2.Id },
            new LicenseUser { AccountId = account.Id, LicenseId = attachedOnly.Id, UserId = u1.Id });

        var meta = (await App.Admin(account).GetAsync(account.Analytics("actions/count"))).Expect(200).Meta!;
        var gauge = (await App.Admin(account).GetAsync(account.Analytics("gauges/alus"))).Expect(200);

        // Active: u1's two, the attached-only one, the unassigned one, the checked-in one, u3's checked-out one. Not: the banned
        // owner's, u3's idle one, the one validated 91 days ago. ALUs: u1, u2, u3, plus two active unassigned licenses.
        Assert.Equal(6, (int)meta["activeLicenses"]!);
        Assert.Equal(5, (int)meta["activeLicensedUsers"]!);
        Assert.Equal(9, (int)meta["totalLicenses"]!);
        Assert.Equal(4, (int)meta["totalUsers"]!);
        Assert.Equal("""{"data":[{"metric":"alus","count":5}]}""", gauge.Body);
    }

    public static TheoryData<string, string, string> ParameterErrors => new()
    {
        { "sparks/licenses?date[start]={year-ago-1}&date[end]={today}", "date[start]", "must be greater than or equal to {year-ago}" },
        { "sparks/licenses?date[start]={today}&date[end]={tomorrow}", "date[end]", "must be less than or equal to {today}" },
        { "usage?date[start]={today}", "date[end]", "is missing" },
        { "usage?date[end]={today}", "date[start]", "is missing" },
        { "events/license.created?date[start]=yesterday&date[end]={today}", "date[start]", "is invalid" },
        { "leaderboards/ips?date[start]={today}&date[end]=2026-13-01", "date[end]", "is invalid" },
        { "leaderboards/ips?date=today", "date", "is invalid" },
        { "leaderboards/ips?limit=101", "limit", "must be less than or equal to 100" },
        { "leaderboards/urls?limit=0", "limit", "must be greater than or equal to 1" },
        { "leaderboards/urls?limit=ten", "limit", "is invalid" },
        { "heatmaps/expirations?date[start]={month-ago-1}&date[end]={today}", "date[start]", "must be greater than or equal to {month-ago}" },
        { "heatmaps/expirations?date[start]={today}&date[end]={year-ahead+1}", "date[end]", "must be less than or equal to {year-ahead}" },
        { "gauges/validations?license=not-a-uuid", "license", "is invalid" },
        { "sparks/validations?license=not-a-uuid", "license", "is invalid" },
        { "sparks/bananas", "metrics", "is invalid" },
        { "events/license.bananas", "event", "is invalid" },
        { "events/*", "event", "is invalid" },
        { "sparks/events/bananas.*", "event", "is invalid" },
    };

    [Theory]
    [MemberData(nameof(ParameterErrors))]
    public async Task A_bad_parameter_is_a_400_naming_it(string route, string parameter, string detail)
    {
        var account = await App.CreateAccountAsync();

        var response = await App.Admin(account).GetAsync(account.Analytics(Dated(route)));

        var error = response.ExpectError(400, parameter: parameter);
        Assert.Equal("Bad request", (string?)error["title"]);
        Assert.Equal(Dated(detail), (string?)error["detail"]);
    }

    [Fact]
    public async Task The_series_limits_admit_their_bounds()
    {
        var account = await App.CreateAccountAsync();
        var admin = App.Admin(account);

        (await admin.GetAsync(account.Analytics(Dated("usage?date[start]={year-ago}&date[end]={today}")))).Expect(200);
        (await admin.GetAsync(account.Analytics("leaderboards/ips?limit=100"))).Expect(200);
        (await admin.GetAsync(account.Analytics(Dated("heatmaps/expirations?date[start]={month-ago}&date[end]={year-ahead}")))).Expect(200);
    }

    [Theory]
    [InlineData("gauges/bananas")]
    [InlineData("leaderboards/bananas")]
    [InlineData("heatmaps/bananas")]
    [InlineData("request-logs")]
    [InlineData("error-rates")]
    [InlineData("endpoints")]
    [InlineData("performance")]
    public async Task Unknown_names_and_routes_keygen_lacks_are_404(string route)
    {
        var account = await App.CreateAccountAsync();

        (await App.Admin(account).GetAsync(account.Analytics(route))).ExpectError(404, "NOT_FOUND");
    }

    [Fact]
    public async Task The_api_reference_documents_the_routes_their_parameters_and_the_dash_base()
    {
        var document = (await App.Anonymous.SendRawAsync(HttpMethod.Get, "/openapi/v1.json", null, null, "application/json")).Expect(200).Json!;
        var paths = document["paths"]!;

        foreach (var basePath in new[] { "/v1/accounts/{account}", "/-/accounts/{account}" })
        {
            var leaderboard = paths[basePath + "/analytics/leaderboards/{name}"]!["get"]!;
            var names = leaderboard["parameters"]!.AsArray().Select(p => (string)p!["name"]!).ToList();
            Assert.Superset(new HashSet<string> { "account", "name", "limit", "date[start]", "date[end]" }, names.ToHashSet());
            Assert.Equal("analytics", (string?)leaderboard["tags"]![0]);
            Assert.NotNull(leaderboard["responses"]!["400"]);
        }

        var count = paths["/v1/accounts/{account}/analytics/actions/count"]!["get"]!;
        Assert.Contains("activeLicensedUsers", (string?)count["description"], StringComparison.Ordinal);
        Assert.Null(count["responses"]!["400"]);
    }

    private static string Dated(string text)
    {
        var today = DateOnly.Parse(Today, System.Globalization.CultureInfo.InvariantCulture);
        string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return text
            .Replace("{year-ago-1}", Day(today.AddYears(-1).AddDays(-1)), StringComparison.Ordinal)
            .Replace("{year-ago}", Day(today.AddYears(-1)), StringComparison.Ordinal)
            .Replace("{month-ago-1}", Day(today.AddMonths(-1).AddDays(-1)), StringComparison.Ordinal)
            .Replace("{month-ago}", Day(today.AddMonths(-1)), StringComparison.Ordinal)
            .Replace("{year-ahead+1}", Day(today.AddYears(1).AddDays(1)), StringComparison.Ordinal)
            .Replace("{year-ahead}", Day(today.AddYears(1)), StringComparison.Ordinal)
            .Replace("{tomorrow}", Day(today.AddDays(1)), StringComparison.Ordinal)
            .Replace("{today}", Today, StringComparison.Ordinal);
    }

    private async Task<string> LicenseKeyAsync(TestAccount account)
    {
        var policy = await App.CreatePolicyAsync(account, new { name = "Keyed", authenticationStrategy = "LICENSE" });
        return (await App.CreateLicenseAsync(account, policy)).Attribute("key");
    }
}
