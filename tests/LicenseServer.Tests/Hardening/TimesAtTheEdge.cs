using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;

namespace LicenseServer.Tests.Hardening;

/// <summary>Durations that would carry a time past the year 9999 (the last one .NET can hold) are refused, not a 500.</summary>
public sealed class TimesAtTheEdge(TestApp app)
{
    [Theory]
    [InlineData(9223372036854775807L)]
    [InlineData(3155695201L)]
    public async Task A_check_out_ttl_over_a_hundred_years_is_CHECKOUT_TTL_INVALID(long ttl)
    {
        var account = await app.CreateAccountAsync();
        var license = (string)(await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account))).Data!["id"]!;

        var posted = await app.Admin(account).PostAsync(account.Path($"licenses/{license}/actions/check-out"), new { meta = new { ttl } });
        var queried = await app.Admin(account).GetAsync(account.Path($"licenses/{license}/actions/check-out?ttl={ttl}"));

        posted.ExpectError(400, code: "CHECKOUT_TTL_INVALID", parameter: "ttl");
        queried.ExpectError(400, code: "CHECKOUT_TTL_INVALID", parameter: "ttl");
    }

    [Fact]
    public async Task A_check_out_ttl_of_a_hundred_years_is_accepted()
    {
        var account = await app.CreateAccountAsync();
        var license = (string)(await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account))).Data!["id"]!;

        var response = await app.Admin(account).PostAsync(account.Path($"licenses/{license}/actions/check-out"), new { meta = new { ttl = 3155695200L } });

        response.Expect(200);
    }

    [Fact]
    public async Task Renewing_a_license_past_the_year_9999_is_a_422_and_keeps_its_expiry()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Yearly", duration = 31_556_952 });
        var license = await app.CreateLicenseAsync(account, policy, new { expiry = "9999-06-30T00:00:00.000Z" });
        var id = (string)license.Data!["id"]!;

        var response = await app.Admin(account).PostAsync(account.Path($"licenses/{id}/actions/renew"));

        response.ExpectError(422, code: "EXPIRY_INVALID");
        var shown = await app.Admin(account).GetAsync(account.Path($"licenses/{id}"));
        Assert.Equal("9999-06-30T00:00:00.000Z", shown.Attribute("expiry"));
    }
}
