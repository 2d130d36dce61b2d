using LicenseServer.Api.Entitlements;
using LicenseServer.Api.Groups;
using LicenseServer.Api.Policies;
using LicenseServer.Api.Products;
using LicenseServer.Api.Users;
using LicenseServer.Core.Licenses;

namespace LicenseServer.Api.Licenses;

/// <summary>
/// The related resources license and machine files include (behaviour.md §4.8): the read check on the requested
/// names, a license's relations (a machine file's through <c>license.*</c>), and the group and owner both have.
/// </summary>
public static class FileIncludes
{
    /// <summary>403 when an include needs a read permission the bearer lacks (e.g. a license including its product).</summary>
    public static void RequireReads(Bearer bearer, IEnumerable<string> includes)
    {
        if (includes.Any(include => !CheckOutIncludes.CanRead(bearer, include)))
        {
            throw DomainError.Forbidden();
        }
    }

    /// <summary>
    /// Adds the license's related resources named in <paramref name="includes"/> (entitlements, product, policy, group,
    /// owner, users; environment is always empty here) to the document.
    /// </summary>
    public static async Task AddLicenseAsync(LicenseServerDb db, CheckOutDocument document, License license, IEnumerable<string> includes,
        DateTime now, CancellationToken ct)
    {
        foreach (var include in includes)
        {
            switch (include)
            {
                case "entitlements":
                    var entitlements = await db.Entitlements.AsNoTracking()
                        .Where(e => e.AccountId == license.AccountId
                            && (db.LicenseEntitlements.Any(le => le.LicenseId == license.Id && le.EntitlementId == e.Id)
                                || db.PolicyEntitlements.Any(pe => pe.PolicyId == license.PolicyId && pe.EntitlementId == e.Id)))
                        .OrderBy(e => e.Created)
                        .ToListAsync(ct);
                    foreach (var entitlement in entitlements)
                    {
                        document.Include("entitlements", entitlement.Id, entitlement, EntitlementSerializer.Write);
                    }

                    break;
                case "product":
                    var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == license.ProductId, ct);
                    document.Include("products", product.Id, product, ProductSerializer.Write);
                    break;
                case "policy":
                    document.Include("policies", license.PolicyId, license.LoadedPolicy, PolicySerializer.Write);
                    break;
                case "group":
                    await AddGroupAsync(db, document, license.GroupId, ct);
                    break;
                case "owner":
                    await AddOwnerAsync(db, document, license.OwnerId, now, ct);
                    break;
                case "users":
                    var users = await db.Users.AsNoTracking()
                        .Where(u => u.AccountId == license.AccountId
                            && (u.Id == license.OwnerId || db.LicenseUsers.Any(lu => lu.LicenseId == license.Id && lu.UserId == u.Id)))
                        .OrderBy(u => u.Created)
                        .ToListAsync(ct);
                    foreach (var user in users)
                    {
                        document.Include(UserSerializer.Type, user.Id, user, (w, u) => UserSerializer.Write(w, u, now));
                    }

                    break;
            }
        }
    }

    /// <summary>The group of the file's license or machine, when it has one.</summary>
    public static async Task AddGroupAsync(LicenseServerDb db, CheckOutDocument document, Guid? groupId, CancellationToken ct)
    {
        if (groupId is { } id && await db.Groups.AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, ct) is { } group)
        {
            document.Include("groups", group.Id, group, GroupSerializer.Write);
        }
    }

    /// <summary>The owner of the file's license or machine, when it has one.</summary>
    public static async Task AddOwnerAsync(LicenseServerDb db, CheckOutDocument document, Guid? ownerId, DateTime now, CancellationToken ct)
    {
        if (ownerId is { } id && await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct) is { } owner)
        {
            document.Include(UserSerializer.Type, owner.Id, owner, (w, u) => UserSerializer.Write(w, u, now));
        }
    }
}
