using LicenseServer.Api.Licenses;
using LicenseServer.Core.Errors;
using LicenseServer.Core.Licenses;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Machines;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Licenses;

/// <summary>
/// <see cref="LicenseUsage"/> called directly, against the real database (resources.md §11.5): maxUses reached exactly,
/// one more refused, and only an increment starts a <c>FROM_FIRST_USE</c> expiry.
/// </summary>
public sealed class CountingUsesWithoutHttp(TestApp app)
{
    private Task<License> ChangeAsync(string licenseId, Func<LicenseUsage, License, Task> change) => app.QueryAsync(async db =>
    {
        var id = Guid.Parse(licenseId);
        var license = await db.Licenses.Include(l => l.Policy).FirstAsync(l => l.Id == id);
        await change(new LicenseUsage(db, LicenseSerializer.Json), license);
        return license;
    });

    private Task<int> EventsAsync(TestAccount account, string name) =>
        app.QueryAsync(db => db.Events.CountAsync(e => e.AccountId == account.Id && e.Name == name));

    [Fact]
    public async Task Uses_reach_maxUses_exactly_and_the_next_increment_is_refused_without_a_change()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { ["maxUses"] = 3 });

        var reached = await ChangeAsync(license, (usage, l) => usage.IncrementAsync(l, 3, CancellationToken.None));
        var error = await Assert.ThrowsAsync<DomainError>(() => ChangeAsync(license, (usage, l) => usage.IncrementAsync(l, 1, CancellationToken.None)));

        Assert.Equal(3, reached.Uses);
        Assert.Equal("USES_LIMIT_EXCEEDED", error.Errors[0].Code);
        var id = Guid.Parse(license);
        Assert.Equal(3, await app.QueryAsync(db => db.Licenses.Where(l => l.Id == id).Select(l => l.Uses).FirstAsync()));
        Assert.Equal(1, await EventsAsync(account, "license.usage.incremented"));
    }

    [Fact]
    public async Task Decrementing_takes_uses_away_down_to_zero_and_resetting_returns_to_zero()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account);
        await ChangeAsync(license, (usage, l) => usage.IncrementAsync(l, 5, CancellationToken.None));

        var decremented = await ChangeAsync(license, (usage, l) => usage.DecrementAsync(l, 2, CancellationToken.None));
        var belowZero = await Assert.ThrowsAsync<DomainError>(() => ChangeAsync(license, (usage, l) => usage.DecrementAsync(l, 4, CancellationToken.None)));
        var reset = await ChangeAsync(license, (usage, l) => usage.ResetAsync(l, CancellationToken.None));

        Assert.Equal(3, decremented.Uses);
        Assert.Equal("USES_INVALID", belowZero.Errors[0].Code);
        Assert.Equal(0, reset.Uses);
        Assert.Equal(1, await EventsAsync(account, "license.usage.decremented"));
        Assert.Equal(1, await EventsAsync(account, "license.usage.reset"));
    }

    [Fact]
    public async Task Only_an_increment_starts_a_first_use_expiry()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { ["duration"] = 86400, ["expirationBasis"] = "FROM_FIRST_USE" });

        var reset = await ChangeAsync(license, (usage, l) => usage.ResetAsync(l, CancellationToken.None));
        var before = DateTime.UtcNow;
        var used = await ChangeAsync(license, (usage, l) => usage.IncrementAsync(l, 1, CancellationToken.None));
        var after = DateTime.UtcNow;

        Assert.Null(reset.Expiry);
        Assert.InRange(used.Expiry!.Value, before.AddDays(1).AddMilliseconds(-1), after.AddDays(1));
    }
}
