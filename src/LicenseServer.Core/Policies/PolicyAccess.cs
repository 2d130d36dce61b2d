using LicenseServer.Core.Access;

namespace LicenseServer.Core.Policies;

/// <summary>
/// Who may read and change policies and their pools (resources.md §21). Users and licenses lack
/// <c>policy.read</c> by default, so every policy route refuses them. Products see only their own.
/// </summary>
public static class PolicyAccess
{
    public static bool CanRead(Bearer bearer) => bearer.CanReadAll || bearer.IsProduct;

    public static bool CanWrite(Bearer bearer) => bearer.IsAdmin || bearer.Role == Users.Roles.SalesAgent || bearer.IsProduct;

    /// <summary>Delete, pool pop and pooled key writes.</summary>
    public static bool CanManage(Bearer bearer) => bearer.IsAdmin || bearer.IsProduct;

    public static IQueryable<Policy> Scope(IQueryable<Policy> policies, Bearer bearer) =>
        bearer.CanReadAll ? policies
        : bearer.IsProduct ? policies.Where(p => p.ProductId == bearer.Id)
        : policies.Where(_ => false);
}
