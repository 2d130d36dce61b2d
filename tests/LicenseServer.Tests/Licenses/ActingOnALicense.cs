using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Licenses;

public sealed class ActingOnALicense(TestApp app)
{
    private async Task<(TestAccount Account, string Id)> LicenseAsync(object? policy = null, object? license = null)
    {
        var account = await app.CreateAccountAsync();
        var created = await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account, policy), license);
        return (account, (string)created.Data!["id"]!);
    }

    [Fact]
    public async Task Suspend_and_reinstate_toggle_once_each()
    {
        var (account, id) = await LicenseAsync();
        var client = app.Admin(account);

        var suspended = await client.PostAsync(account.Path($"licenses/{id}/actions/suspend"));
        var again = await client.PostAsync(account.Path($"licenses/{id}/actions/suspend"));
        var reinstated = await client.PostAsync(account.Path($"licenses/{id}/actions/reinstate"));
        var notSuspended = await client.PostAsync(account.Path($"licenses/{id}/actions/reinstate"));

        Assert.Equal("SUSPENDED", suspended.Expect(200).Attribute("status"));
        Assert.Equal("is already suspended", (string?)again.ExpectError(422, pointer: "/data/attributes/suspended")["detail"]);
        Assert.Equal("ACTIVE", reinstated.Expect(200).Attribute("status"));
        Assert.Equal("is not suspended", (string?)notSuspended.ExpectError(422, pointer: "/data/attributes/suspended")["detail"]);
        var names = await app.QueryAsync(db => db.Events.Where(e => e.AccountId == account.Id && e.ResourceType == "licenses").Select(e => e.Name).ToListAsync());
        Assert.Contains("license.suspended", names);
        Assert.Contains("license.reinstated", names);
    }

    [Theory]
    [InlineData("FROM_EXPIRY", "2031-01-01T00:00:00Z", "2031-01-31T00:00:00.000Z")]
    [InlineData("FROM_NOW_IF_EXPIRED", "2031-01-01T00:00:00Z", "2031-01-31T00:00:00.000Z")]
    public async Task Renewal_adds_the_duration_to_the_basis(string basis, string expiry, string expected)
    {
        var (account, id) = await LicenseAsync(new { name = "Renewable", duration = 2_592_000, renewalBasis = basis }, new { expiry });

        var renewed = await app.Admin(account).PostAsync(account.Path($"licenses/{id}/actions/renew"));

        Assert.Equal(expected, renewed.Expect(200).Attribute("expiry"));
    }

    [Fact]
    public async Task Renewing_from_now_starts_at_the_current_time()
    {
        var (account, id) = await LicenseAsync(new { name = "Renewable", duration = 86_400, renewalBasis = "FROM_NOW" }, new { expiry = "2040-01-01T00:00:00Z" });

        var renewed = await app.Admin(account).PostAsync(account.Path($"licenses/{id}/actions/renew"));

        var expiry = DateTime.Parse(renewed.Expect(200).Attribute("expiry"), null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.InRange(expiry, DateTime.UtcNow.AddHours(23), DateTime.UtcNow.AddHours(25));
    }

    [Fact]
    public async Task Renewing_without_a_duration_or_expiry_is_unprocessable()
    {
        var (account, id) = await LicenseAsync();
        var (other, perpetual) = await LicenseAsync(new { name = "D", duration = 86_400 }, new { expiry = (string?)null });

        var noDuration = await app.Admin(account).PostAsync(account.Path($"licenses/{id}/actions/renew"));
        var noExpiry = await app.Admin(other).PostAsync(other.Path($"licenses/{perpetual}/actions/renew"));

        Assert.Equal("cannot be renewed because the policy does not have a duration", (string?)noDuration.ExpectError(422)["detail"]);
        noExpiry.Expect(422);
        Assert.Empty(noExpiry.Json!["errors"]!.AsArray());
    }

    [Fact]
    public async Task Check_in_needs_a_policy_that_requires_it_and_sets_next_check_in()
    {
        var (account, id) = await LicenseAsync(new { name = "CI", requireCheckIn = true, checkInInterval = "week", checkInIntervalCount = 2 });
        var (other, plain) = await LicenseAsync();

        var checkedIn = await app.Admin(account).PostAsync(account.Path($"licenses/{id}/actions/check-in"));
        var notRequired = await app.Admin(other).PostAsync(other.Path($"licenses/{plain}/actions/check-in"));

        var last = DateTime.Parse(checkedIn.Expect(200).Attribute("lastCheckIn"), null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        var next = DateTime.Parse(checkedIn.Attribute("nextCheckIn"), null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.Equal(last.AddDays(14), next);
        Assert.Equal("cannot be checked in because the policy does not require it", (string?)notRequired.ExpectError(422)["detail"]);
    }

    [Fact]
    public async Task Usage_counts_up_to_the_limit_and_never_below_zero()
    {
        var (account, id) = await LicenseAsync(new { name = "Uses", maxUses = 5 });
        var client = app.Admin(account);

        var incremented = await client.PostAsync(account.Path($"licenses/{id}/actions/increment-usage"), new { meta = new { increment = 5 } });
        var over = await client.PostAsync(account.Path($"licenses/{id}/actions/increment-usage"));
        var decremented = await client.PostAsync(account.Path($"licenses/{id}/actions/decrement-usage"), new { meta = new { decrement = 2 } });
        var below = await client.PostAsync(account.Path($"licenses/{id}/actions/decrement-usage"), new { meta = new { decrement = 4 } });
        var huge = await client.PostAsync(account.Path($"licenses/{id}/actions/increment-usage"), new { meta = new { increment = 99999999999999 } });
        var reset = await client.PostAsync(account.Path($"licenses/{id}/actions/reset-usage"));

        Assert.Equal(5, (int?)incremented.Expect(200).Data!["attributes"]!["uses"]);
        Assert.Equal("usage exceeds maximum allowed for license (5)", (string?)over.ExpectError(422, code: "USES_LIMIT_EXCEEDED", pointer: "/data/attributes/uses")["detail"]);
        Assert.Equal(3, (int?)decremented.Expect(200).Data!["attributes"]!["uses"]);
        below.ExpectError(422, code: "USES_INVALID", pointer: "/data/attributes/uses");
        huge.ExpectError(400, pointer: "/meta/increment");
        Assert.Equal(0, (int?)reset.Expect(200).Data!["attributes"]!["uses"]);
    }

    [Fact]
    public async Task Parallel_increments_never_lose_an_update()
    {
        var (account, id) = await LicenseAsync(new { name = "Uses", maxUses = 1000 });

        var responses = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(_ => app.Admin(account).PostAsync(account.Path($"licenses/{id}/actions/increment-usage"))));

        Assert.All(responses, r => Assert.Contains(r.Status, new[] { 200, 409 }));
        var uses = await app.QueryAsync(db => db.Licenses.Where(l => l.Id == Guid.Parse(id)).Select(l => l.Uses).SingleAsync());
        Assert.Equal(responses.Count(r => r.Status == 200), uses);
    }

    [Fact]
    public async Task Revoke_deletes_the_license_with_its_own_event()
    {
        var (account, id) = await LicenseAsync();

        var revoked = await app.Admin(account).DeleteAsync(account.Path($"licenses/{id}/actions/revoke"));

        revoked.Expect(204);
        (await app.Admin(account).GetAsync(account.Path($"licenses/{id}"))).ExpectError(404, code: "NOT_FOUND");
        var events = await app.QueryAsync(db => db.Events.CountAsync(e => e.AccountId == account.Id && e.Name == "license.revoked"));
        Assert.Equal(1, events);
    }
}
