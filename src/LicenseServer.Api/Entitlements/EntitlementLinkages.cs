using LicenseServer.Core.Environments;
namespace LicenseServer.Api.Entitlements;

/// <summary>
/// The entitlement rules of the attach/detach routes shared by policies and licenses (resources.md §9, §11.5); the
/// body and the attach/detach skeleton are <see cref="ToManyLinkage"/>'s.
/// </summary>
public static class EntitlementLinkages
{
    public const string Pointer = "/data/relationships/entitlement";

    /// <summary>Reads <c>{"data":[{"type":"entitlements","id"}]}</c> with 1..100 items.</summary>
    public static Task<List<Guid>> ReadAsync(HttpContext http) => ToManyLinkage.ReadAsync(http, EntitlementSerializer.Type, "entitlement");

    /// <summary>
    /// Throws <c>ENTITLEMENT_TAKEN</c> when one of <paramref name="ids"/> is already attached (<paramref name="attached"/>
    /// holds the attached ones) or listed twice, then <c>ENTITLEMENT_NOT_FOUND</c> unless each names an entitlement of the account.
    /// </summary>
    public static async Task EnsureAttachableAsync(LicenseServerDb db, Guid accountId, List<Guid> ids, IQueryable<Guid> attached, CancellationToken ct)
    {
        if (await attached.AnyAsync(ct) || ids.Distinct().Count() != ids.Count)
        {
            throw DomainError.Invalid(Pointer, "ENTITLEMENT_TAKEN", "already exists");
        }

        var known = await db.Entitlements.Where(e => e.AccountId == accountId && ids.Contains(e.Id)).Select(e => e.Id).ToListAsync(ct);
        if (await RelatedRecords.FirstMissingAsync(db, db.Entitlements, accountId, ids, known, "entitlement",
                DomainError.Invalid(Pointer, "ENTITLEMENT_NOT_FOUND", "must exist"), ct) is { } missing)
        {
            throw missing;
        }
    }

    public static DomainError NotAttached(Guid id, int index) =>
        DomainError.Unprocessable($"cannot detach entitlement '{id}' (entitlement is not attached)", $"/data/{index}");
}
