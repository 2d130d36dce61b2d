using LicenseServer.Core.Auth;
using LicenseServer.Core.Users;

namespace LicenseServer.Tests.Access;

/// <summary>
/// Helpers for the access tables: bearers named as the tables name them (resources.md §21), and an assertion
/// that a check allows exactly the bearers a row names, so that a failing row shows who was wrongly let in or out.
/// </summary>
internal static class AccessTable
{
    /// <summary>The staff roles and read-only, in the order the tables list them.</summary>
    public static readonly string[] StaffRoles = [Roles.Admin, Roles.Developer, Roles.SalesAgent, Roles.SupportAgent, Roles.ReadOnly];

    public static Bearer UserBearer(string role) => Bearer.ForUser(NewUser(role), null);

    public static User NewUser(string role) => new() { Email = $"{Guid.NewGuid():N}@example.com", Role = role };

    /// <summary>A product bearer; <paramref name="id"/> makes it the product that owns the records at hand.</summary>
    public static Bearer ProductBearer(Guid? id = null) =>
        Bearer.ForProduct(new Core.Products.Product { Id = id ?? Guid.NewGuid(), Name = "Product" }, null);

    /// <summary>One staff bearer per staff role, then an end user, a product and a license (of nothing at hand): the role-only tables' columns.</summary>
    public static List<(string Name, Bearer Bearer)> EveryRole() =>
    [
        .. StaffRoles.Select(role => (role, UserBearer(role))),
        ("user", UserBearer(Roles.User)),
        ("product", ProductBearer()),
        ("license", Bearer.ForLicense(new Core.Licenses.License { Key = "KEY", KeyDigest = "DIGEST" }, null)),
    ];

    /// <summary>
    /// Asserts that <paramref name="check"/> allows exactly the bearers named in <paramref name="allowed"/>
    /// (space-separated, any order) and refuses the others.
    /// </summary>
    public static void AssertAllows(string allowed, IEnumerable<(string Name, Bearer Bearer)> bearers, Func<Bearer, bool> check)
    {
        var expected = allowed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order();
        var actual = bearers.Where(b => check(b.Bearer)).Select(b => b.Name).Order();
        Assert.Equal(string.Join(' ', expected), string.Join(' ', actual));
    }
}
