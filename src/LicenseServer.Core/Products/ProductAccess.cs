using LicenseServer.Core.Access;

namespace LicenseServer.Core.Products;

/// <summary>
/// Who may read and change products (resources.md §8, §21). Role checks run before the lookup
/// (403); the lookup runs inside <see cref="Scope"/>, so a product outside it is a 404.
/// Users and licenses lack <c>product.read</c> by default, so every product route refuses them.
/// </summary>
public static class ProductAccess
{
    /// <summary>Staff and read-only users list products; a product may not list them.</summary>
    public static bool CanList(Bearer bearer) => bearer.CanReadAll;

    public static bool CanShow(Bearer bearer) => bearer.CanReadAll || bearer.IsProduct;

    public static bool CanCreate(Bearer bearer) => bearer.IsAdmin;

    /// <summary>Admins and developers, or a product updating itself (the scope holds only itself).</summary>
    public static bool CanUpdate(Bearer bearer) => bearer.IsAdmin || bearer.IsProduct;

    public static bool CanDelete(Bearer bearer) => bearer.IsAdmin;

    public static IQueryable<Product> Scope(IQueryable<Product> products, Bearer bearer) =>
        bearer.CanReadAll ? products
        : bearer.IsProduct ? products.Where(p => p.Id == bearer.Id)
        : products.Where(_ => false);
}
