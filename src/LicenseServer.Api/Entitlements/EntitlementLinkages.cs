using System.Text.Json;
using LicenseServer.Api.JsonApi;
using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using LicenseServer.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Api.Entitlements;

/// <summary>
/// The attach/detach body shared by policies and licenses: <c>{"data":[{"type":"entitlements","id"}]}</c>
/// with 1..100 items (resources.md §9, §11.5), and the errors both attach routes answer with.
/// </summary>
public static class EntitlementLinkages
{
    public const string Pointer = "/data/relationships/entitlement";

    public static async Task<List<Guid>> ReadAsync(HttpContext http)
    {
        var body = await RequestBody.ReadAsync(http) ?? throw DomainError.BadRequest("is missing", "/data");
        var root = RequestObject.From(body, string.Empty).Permit("data", "meta");
        var data = root.Required("data");
        if (data.ValueKind != JsonValueKind.Array)
        {
            throw RequestObject.TypeMismatch("/data", data, "array");
        }

        var count = data.GetArrayLength();
        if (count is < 1 or > 100)
        {
            throw DomainError.BadRequest("length must be between 1 and 100 (inclusive)", "/data");
        }

        var ids = new List<Guid>(count);
        var index = 0;
        foreach (var element in data.EnumerateArray())
        {
            var item = RequestObject.From(element, $"/data/{index}").Permit("type", "id");
            if (!ResourceRequest.MatchesType(item.RequiredString("type"), EntitlementSerializer.Type, "entitlement"))
            {
                throw DomainError.BadRequest("is invalid", $"/data/{index}/type");
            }

            var id = item.RequiredString("id");
            ids.Add(Ids.TryParse(id, out var uuid) ? uuid : throw DomainError.BadRequest("type mismatch (received string expected UUID string)", $"/data/{index}/id"));
            index++;
        }

        return ids;
    }

    /// <summary>Throws <c>ENTITLEMENT_NOT_FOUND</c> unless every id names an entitlement of the account.</summary>
    public static async Task EnsureExistAsync(LicenseServerDb db, Guid accountId, List<Guid> ids, CancellationToken ct)
    {
        var known = await db.Entitlements.Where(e => e.AccountId == accountId && ids.Contains(e.Id)).Select(e => e.Id).ToListAsync(ct);
        if (ids.Any(id => !known.Contains(id)))
        {
            throw DomainError.Invalid(Pointer, "ENTITLEMENT_NOT_FOUND", "must exist");
        }
    }

    public static DomainError Taken() => DomainError.Invalid(Pointer, "ENTITLEMENT_TAKEN", "already exists");

    public static DomainError NotAttached(Guid id, int index) =>
        DomainError.Unprocessable($"cannot detach entitlement '{id}' (entitlement is not attached)", $"/data/{index}");
}
