using LicenseServer.Core.Products;

namespace LicenseServer.Core.Policies;

/// <summary>
/// Who may read and change policies and their pools (resources.md §21). Users and licenses lack
/// <c>policy.read</c> by default, so every policy route refuses them. Products see only their own.
/// </summary>
public static class PolicyAccess
{
    /// <summary><c>policy.read</c>: staff, read-only and products.</summary>
    public static bool CanRead(Bearer bearer) => bearer.CanReadAll || bearer.IsProduct;

    /// <summary><c>policy.create</c>: vendors.</summary>
    public static bool CanCreate(Bearer bearer) => bearer.IsVendor;

    /// <summary>The product a new policy belongs to: a product bearer only creates policies for itself.</summary>
    public static bool CanCreateFor(Bearer bearer, Product product) => !bearer.IsProduct || product.Id == bearer.Id;

    /// <summary><c>policy.update</c>: as <see cref="CanCreate"/>.</summary>
    public static bool CanUpdate(Bearer bearer) => CanCreate(bearer);

    /// <summary><c>policy.delete</c>: admins, developers and products.</summary>
    public static bool CanDelete(Bearer bearer) => bearer.IsAdmin || bearer.IsProduct;

    /// <summary><c>policy.pool.pop</c>: as <see cref="CanDelete"/>.</summary>
    public static bool CanPopPool(Bearer bearer) => CanDelete(bearer);

    /// <summary><c>policy.entitlements.attach</c>: as <see cref="CanDelete"/>.</summary>
    public static bool CanAttachEntitlements(Bearer bearer) => CanDelete(bearer);

    /// <summary><c>policy.entitlements.detach</c>: as <see cref="CanDelete"/>.</summary>
    public static bool CanDetachEntitlements(Bearer bearer) => CanDelete(bearer);

    public static IQueryable<Policy> Scope(IQueryable<Policy> policies, Bearer bearer) =>
        bearer.CanReadAll ? policies
        : bearer.IsProduct ? policies.Where(p => p.ProductId == bearer.Id)
        : policies.Where(_ => false);
}
