using System.Globalization;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Machines;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Licenses;

/// <summary>The expires[…], expired[…], activity[…] and activations[…] filters of GET /licenses (resources.md §1.7).</summary>
public sealed class FilteringLicensesByTime(TestApp app)
{
    private static string Iso(DateTime time) => time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static string Date(DateTime time) => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Unix(DateTime time) => new DateTimeOffset(time).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Expires_narrows_unexpired_licenses_by_duration_time_and_date()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var today = DateTime.UtcNow.Date;
        var tomorrow = await LicenseAsync(account, policy, DateTime.UtcNow.AddDays(1));
        var later = await LicenseAsync(account, policy, today.AddDays(10).AddHours(12));
        await LicenseAsync(account, policy, DateTime.UtcNow.AddDays(-1));
        await LicenseAsync(account, policy, null);

        Assert.Equal([tomorrow], await Ids(account, "expires[within]=3d"));
        Assert.Equal([tomorrow], await Ids(account, "expires[within]=259200"));
        Assert.Equal(Sorted(tomorrow, later), await Ids(account, "expires[within]=P2W"));
        Assert.Equal([later], await Ids(account, "expires[in]=10d"));
        Assert.Equal([tomorrow], await Ids(account, $"expires[before]={Iso(DateTime.UtcNow.AddDays(5))}"));
        Assert.Equal([later], await Ids(account, $"expires[after]={Unix(DateTime.UtcNow.AddDays(5))}"));
        Assert.Equal([later], await Ids(account, $"expires[on]={Date(today.AddDays(10))}"));
    }

    [Fact]
    public async Task Expired_as_an_object_narrows_expired_licenses_and_the_boolean_form_still_works()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var today = DateTime.UtcNow.Date;
        var yesterday = await LicenseAsync(account, policy, DateTime.UtcNow.AddDays(-1));
        var longAgo = await LicenseAsync(account, policy, today.AddDays(-20).AddHours(12));
        await LicenseAsync(account, policy, DateTime.UtcNow.AddDays(1));
        await LicenseAsync(account, policy, null);

        Assert.Equal([yesterday], await Ids(account, "expired[within]=3d"));
        Assert.Equal([longAgo], await Ids(account, "expired[in]=20d"));
        Assert.Equal([longAgo], await Ids(account, $"expired[before]={Iso(DateTime.UtcNow.AddDays(-5))}"));
        Assert.Equal([yesterday], await Ids(account, $"expired[after]={Unix(DateTime.UtcNow.AddDays(-5))}"));
        Assert.Equal([longAgo], await Ids(account, $"expired[on]={Date(today.AddDays(-20))}"));
        Assert.Equal(Sorted(yesterday, longAgo), await Ids(account, "expired=true"));
    }

    [Theory]
    [InlineData("expires[within]=soon")]
    [InlineData("expires[in]=P")]
    [InlineData("expires[before]=not-a-time")]
    [InlineData("expires[after]=2025-13-45")]
    [InlineData("expires[on]=yesterday")]
    [InlineData("expired[within]=3x")]
    [InlineData("expired[on]=1700000000")]
    [InlineData("activity[inside]=T")]
    [InlineData("activity[before]=later")]
    [InlineData("activations[gte]=one")]
    [InlineData("activations[lt]=-1")]
    public async Task An_unparseable_value_gives_an_empty_list_not_an_error(string query)
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        await LicenseAsync(account, policy, DateTime.UtcNow.AddDays(1));
        await LicenseAsync(account, policy, DateTime.UtcNow.AddDays(-1));

        Assert.Empty(await Ids(account, query));
        Assert.Equal(2, (await Ids(account, "expires[bogus]=1d")).Count);
    }

    [Fact]
    public async Task Activity_is_creation_validation_check_in_or_check_out_inside_or_outside_a_window()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var fresh = await LicenseAsync(account, policy, null);
        var dormant = await LicenseAsync(account, policy, null);
        var validated = await LicenseAsync(account, policy, null);
        await AgeAsync(dormant, lastValidated: null);
        await AgeAsync(validated, lastValidated: DateTime.UtcNow.AddDays(-2));
        var tenDaysAgo = DateTime.UtcNow.AddDays(-10);

        Assert.Equal(Sorted(fresh, validated), await Ids(account, "activity[inside]=30d"));
        Assert.Equal([dormant], await Ids(account, "activity[outside]=P30D"));
        Assert.Equal(Sorted(fresh, validated), await Ids(account, $"activity[after]={Iso(tenDaysAgo)}"));
        Assert.Equal([dormant], await Ids(account, $"activity[before]={Unix(tenDaysAgo)}"));
        Assert.Equal([fresh], await Ids(account, "activity[inside]=T1H"));
    }

    [Fact]
    public async Task Activations_compare_the_machine_count()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Floating", floating = true, maxMachines = 5 });
        var none = await LicenseAsync(account, policy, null);
        var one = await LicenseAsync(account, policy, null);
        var two = await LicenseAsync(account, policy, null);
        await app.CreateMachineAsync(account, one);
        await app.CreateMachineAsync(account, two);
        await app.CreateMachineAsync(account, two);

        Assert.Equal([one], await Ids(account, "activations[eq]=1"));
        Assert.Equal(Sorted(one, two), await Ids(account, "activations[gt]=0"));
        Assert.Equal([two], await Ids(account, "activations[gte]=2"));
        Assert.Equal([none], await Ids(account, "activations[lt]=1"));
        Assert.Equal(Sorted(none, one), await Ids(account, "activations[lte]=1"));
        Assert.Equal([one], await Ids(account, "activations[gte]=1&activations[lte]=1"));
    }

    private static List<string> Sorted(params string[] ids) => [.. ids.Order(StringComparer.Ordinal)];

    private async Task<string> LicenseAsync(TestAccount account, string policy, DateTime? expiry) =>
        (string)(await app.CreateLicenseAsync(account, policy, expiry is { } e ? new { expiry = Iso(e) } : null)).Data!["id"]!;

    /// <summary>Backdates a license's creation by 100 days, with an optional last validation.</summary>
    private Task<int> AgeAsync(string id, DateTime? lastValidated) =>
        app.QueryAsync(db => db.Licenses.Where(l => l.Id == Guid.Parse(id)).ExecuteUpdateAsync(s => s
            .SetProperty(l => l.Created, DateTime.UtcNow.AddDays(-100))
            .SetProperty(l => l.LastValidated, lastValidated)));

    private async Task<List<string>> Ids(TestAccount account, string query)
    {
        var response = await app.Admin(account).GetAsync(account.Path($"licenses?limit=100&{query}"));
        return [.. response.Expect(200).Data!.AsArray().Select(d => (string)d!["id"]!).Order(StringComparer.Ordinal)];
    }
}
