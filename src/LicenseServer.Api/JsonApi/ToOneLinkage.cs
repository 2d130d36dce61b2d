namespace LicenseServer.Api.JsonApi;

/// <summary>
/// The body of a to-one relationship change (<c>PUT /licenses/{id}/policy</c>, <c>…/owner</c>, <c>…/group</c> of licenses
/// and machines): <c>{"data":{"type","id"}}</c>, or <c>{"data":null}</c> where the relationship may be emptied.
/// </summary>
public static class ToOneLinkage
{
    /// <summary>
    /// The linked id, or null for <c>"data": null</c> when <paramref name="nullable"/> (a 400 "cannot be null" otherwise). A
    /// wrong type is a 400 at <c>/data/type</c>, an id that is no UUID a 400 at <c>/data/id</c>.
    /// </summary>
    public static async Task<Guid?> ReadAsync(HttpContext http, string type, string singular, bool nullable)
    {
        var body = await RequestBody.ReadAsync(http) ?? throw DomainError.BadRequest("is missing", "/data");
        var data = RequestObject.From(body, string.Empty).Permit("data").Required("data");
        if (data.ValueKind == JsonValueKind.Null)
        {
            return nullable ? null : throw DomainError.BadRequest("cannot be null", "/data");
        }

        var item = RequestObject.From(data, "/data").Permit("type", "id");
        if (!ResourceRequest.MatchesType(item.RequiredString("type"), type, singular))
        {
            throw DomainError.BadRequest("is invalid", "/data/type");
        }

        var id = item.RequiredString("id");
        return Ids.TryParse(id, out var uuid) ? uuid : throw DomainError.BadRequest("type mismatch (received string expected UUID string)", "/data/id");
    }
}
