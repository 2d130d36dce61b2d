namespace LicenseServer.Core.Products;

/// <summary>
/// Who may read and change products (resources.md §8, §21). Role checks run before the lookup
/// (403); the lookup runs inside <see cref="Scope"/>, so a product outside it is a 404.
/// Users and licenses lack <c>product.read</c> by default, so every product route refuses them.
/// </summary>
public static class ProductAccess
{
    /// <summary><c>product.read</c> on the index: staff and read-only users; a product may not list them.</summary>
    public static bool CanList(Bearer bearer) => bearer.CanReadAll;

    /// <summary><c>product.read</c> on one product: staff, read-only, and a product (itself, by the scope).</summary>
    public static bool CanShow(Bearer bearer) => bearer.CanReadAll || bearer.IsProduct;

    /// <summary><c>product.create</c>: admins and developers.</summary>
    public static bool CanCreate(Bearer bearer) => bearer.IsAdmin;

    /// <summary><c>product.update</c>: admins and developers, or a product updating itself (the scope holds only itself).</summary>
    public static bool CanUpdate(Bearer bearer) => bearer.IsAdmin || bearer.IsProduct;

    /// <summary>The <c>permissions</c> attribute (enterprise.md §5.1): admins and developers.</summary>
    public static bool CanSetPermissions(Bearer bearer) => bearer.IsAdmin;

    /// <summary><c>product.delete</c>: as <see cref="CanCreate"/>.</summary>
    public static bool CanDelete(Bearer bearer) => CanCreate(bearer);

    /// <summary>Reading a product's tokens: admins and developers, or the product itself (by the scope).</summary>
    public static bool CanReadTokens(Bearer bearer) => bearer.IsAdmin || bearer.IsProduct;

    public static IQueryable<Product> Scope(IQueryable<Product> products, Bearer bearer) =>
        bearer.CanReadAll ? products
        : bearer.IsProduct ? products.Where(p => p.Id == bearer.Id)
        : products.Where(_ => false);
}
