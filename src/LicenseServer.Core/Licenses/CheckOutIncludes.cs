using LicenseServer.Core.Policies;
using LicenseServer.Core.Products;
using LicenseServer.Core.Users;

namespace LicenseServer.Core.Licenses;

/// <summary>
/// The <c>include</c> option of license and machine check-outs (behaviour.md §4.8): which names each file
/// accepts, the legacy <c>user</c> names, and the read permission each include needs.
/// </summary>
public static class CheckOutIncludes
{
    public static readonly IReadOnlyList<string> License =
        ["entitlements", "environment", "product", "policy", "group", "owner", "users"];

    public static readonly IReadOnlyList<string> Machine =
        ["license", "license.entitlements", "license.product", "license.policy", "license.owner", "license.users", "components", "environment", "group", "owner"];

    /// <summary>License-file includes: <c>user</c> is read as <c>owner</c>.</summary>
    public static List<string> ForLicense(IEnumerable<string> requested) => Parse(requested, License, "user", "owner");

    /// <summary>Machine-file includes: <c>license.user</c> is read as <c>license.owner</c>.</summary>
    public static List<string> ForMachine(IEnumerable<string> requested) => Parse(requested, Machine, "license.user", "license.owner");

    /// <summary>The requested names, the legacy name mapped and duplicates dropped; 400 CHECKOUT_INCLUDE_INVALID for any other name.</summary>
    private static List<string> Parse(IEnumerable<string> requested, IReadOnlyList<string> allowed, string legacy, string current)
    {
        var includes = new List<string>();
        foreach (var name in requested)
        {
            var mapped = name == legacy ? current : name;
            if (!allowed.Contains(mapped))
            {
                throw DomainError.BadParameter("include", "invalid includes", "CHECKOUT_INCLUDE_INVALID");
            }

            if (!includes.Contains(mapped))
            {
                includes.Add(mapped);
            }
        }

        return includes;
    }

    /// <summary>
    /// Whether the bearer holds the read permission the include needs: product and policy reads are for staff and
    /// products only, and a license bearer does not read users (owner, users).
    /// </summary>
    public static bool CanRead(Bearer bearer, string include) => include switch
    {
        "product" or "license.product" => ProductAccess.CanShow(bearer),
        "policy" or "license.policy" => PolicyAccess.CanRead(bearer),
        "owner" or "users" or "license.owner" or "license.users" => UserAccess.CanRead(bearer),
        _ => true,
    };
}
