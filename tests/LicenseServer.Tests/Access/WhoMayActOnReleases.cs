using LicenseServer.Core.Auth;
using LicenseServer.Core.Distribution;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Users;

namespace LicenseServer.Tests.Access;

/// <summary>
/// The distribution write table (distribution.md §2.5) and the 403s of §2.2: admins, developers and products write (a
/// product only its own product's records); a license that sees a release but is suspended or banned is refused.
/// </summary>
public sealed class WhoMayActOnReleases
{
    [Fact]
    public void Admins_developers_and_products_write_releases()
    {
        AccessTable.AssertAllows("admin developer product", AccessTable.EveryRole(), ReleaseAccess.CanWrite);
    }

    [Fact]
    public void A_product_writes_only_its_own_product_records()
    {
        var own = Guid.NewGuid();

        AccessTable.AssertAllows("admin developer product", AccessTable.EveryRole().Select(b => b.Name == "product" ? (b.Name, AccessTable.ProductBearer(own)) : b),
            bearer => ReleaseAccess.CanWriteFor(bearer, own));
        Assert.False(ReleaseAccess.CanWriteFor(AccessTable.ProductBearer(own), Guid.NewGuid()));
    }

    [Fact]
    public void Privileged_bearers_are_staff_read_only_and_products()
    {
        AccessTable.AssertAllows("admin developer sales-agent support-agent read-only product", AccessTable.EveryRole(), b => ReleaseAccess.IsPrivileged(b));
        Assert.False(ReleaseAccess.IsPrivileged(null));
    }

    [Theory]
    [InlineData(false, false, null)]
    [InlineData(true, false, "You do not have permission to complete the request (license is suspended)")]
    [InlineData(false, true, "You do not have permission to complete the request (license is banned)")]
    public void A_license_that_is_suspended_or_banned_is_refused(bool suspended, bool banned, string? detail)
    {
        var owner = new User { Email = "owner@example.com", Role = Roles.User, BannedAt = banned ? DateTime.UtcNow : null };
        var license = new License { Key = "KEY", KeyDigest = "DIGEST", Suspended = suspended, Owner = owner };

        Assert.Equal(detail, ReleaseAccess.Refusal(Bearer.ForLicense(license, null))?.Errors[0].Detail);
        Assert.Null(ReleaseAccess.Refusal(null));
        Assert.Null(ReleaseAccess.Refusal(AccessTable.UserBearer(Roles.User)));
    }
}
