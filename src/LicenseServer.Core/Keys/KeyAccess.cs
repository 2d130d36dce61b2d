using LicenseServer.Core.Policies;

namespace LicenseServer.Core.Keys;

/// <summary>
/// Who may read and change pooled keys (resources.md §10, §21): staff, read-only and products read
/// (a product only its own product's keys, by <see cref="Scope"/>); admins, developers and products write.
/// </summary>
public static class KeyAccess
{
    /// <summary><c>key.read</c>: staff, read-only and products.</summary>
    public static bool CanRead(Bearer bearer) => bearer.CanReadAll || bearer.IsProduct;

    /// <summary><c>key.create</c>: admins, developers and products.</summary>
    public static bool CanCreate(Bearer bearer) => bearer.IsAdmin || bearer.IsProduct;

    /// <summary>The policy a new key goes into: a product bearer only fills its own policies' pools.</summary>
    public static bool CanCreateFor(Bearer bearer, Policy policy) => !bearer.IsProduct || policy.ProductId == bearer.Id;

    /// <summary><c>key.update</c>: as <see cref="CanCreate"/>.</summary>
    public static bool CanUpdate(Bearer bearer) => CanCreate(bearer);

    /// <summary><c>key.delete</c>: as <see cref="CanCreate"/>.</summary>
    public static bool CanDelete(Bearer bearer) => CanCreate(bearer);

    public static IQueryable<Key> Scope(IQueryable<Key> keys, Bearer bearer) =>
        bearer.CanReadAll ? keys
        : bearer.IsProduct ? keys.Where(k => k.ProductId == bearer.Id)
        : keys.Where(_ => false);
}
