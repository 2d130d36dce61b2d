using LicenseServer.Core.Users;
using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Users;

/// <summary>
/// The BCrypt work factor is a setting (<c>Server:PasswordWorkFactor</c>): the test host lowers it to BCrypt's
/// minimum so the suite stays fast, and a host that sets nothing stores the production default.
/// </summary>
public sealed class HashingPasswords(TestApp app)
{
    [Fact]
    public async Task A_server_that_configures_no_work_factor_stores_hashes_at_the_production_default()
    {
        await using var unconfigured = await app.StartSecondNodeAsync(new Dictionary<string, string?> { ["Server:PasswordWorkFactor"] = null });

        var account = await unconfigured.CreateAccountAsync();

        Assert.Equal(PasswordHashing.DefaultWorkFactor, await AdminWorkFactorAsync(account));
        Assert.Equal(10, PasswordHashing.DefaultWorkFactor);
    }

    [Fact]
    public async Task The_test_host_stores_hashes_at_the_configured_minimum_and_they_still_log_in()
    {
        var account = await app.CreateAccountAsync();

        Assert.Equal(PasswordHashing.MinimumWorkFactor, await AdminWorkFactorAsync(account));
        var user = await app.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.AccountId == account.Id && u.Role == Roles.Admin));
        Assert.True(user.VerifyPassword(TestApp.Password));
        Assert.False(user.VerifyPassword(TestApp.Password + "x"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(32)]
    public void A_work_factor_outside_bcrypts_range_is_refused(int workFactor) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PasswordHashing(workFactor));

    private Task<int> AdminWorkFactorAsync(TestAccount account) =>
        app.QueryAsync(async db =>
        {
            var digest = await db.Users.Where(u => u.AccountId == account.Id && u.Role == Roles.Admin).Select(u => u.PasswordDigest).SingleAsync();

            // A BCrypt hash is "$2b$<factor>$<salt and hash>".
            return int.Parse(digest!.Split('$')[2], System.Globalization.CultureInfo.InvariantCulture);
        });
}
