namespace LicenseServer.Api.JsonApi;

/// <summary>
/// The skeleton of a to-many relationship's attach and detach (policy and license entitlements, license users, group
/// owners), written once: read the linkage array, check each id against the rows that exist, then add or remove the join
/// rows, record the <c>….attached</c> / <c>….detached</c> event with the join resources as its data, and save. Each
/// relationship supplies only its rules (which id is taken, missing or refused) and its join serializer.
/// </summary>
public static class ToManyLinkage
{
    public const int MaxItems = 100;

    /// <summary>
    /// Reads <c>{"data":[{"type":…,"id":…}, …]}</c> with 1 to 100 items as ids, in order: a wrong type is a 400 at
    /// <c>/data/{i}/type</c>, an id that is no UUID a 400 at <c>/data/{i}/id</c>. A top-level <c>meta</c> is allowed
    /// unless <paramref name="allowMeta"/> is false.
    /// </summary>
    public static async Task<List<Guid>> ReadAsync(HttpContext http, string type, string singular, bool allowMeta = true)
    {
        var body = await RequestBody.ReadAsync(http) ?? throw DomainError.BadRequest("is missing", "/data");
        var root = allowMeta ? RequestObject.From(body, string.Empty).Permit("data", "meta") : RequestObject.From(body, string.Empty).Permit("data");
        var data = root.Required("data");
        if (data.ValueKind != JsonValueKind.Array)
        {
            throw DomainError.TypeMismatch("/data", data, "array");
        }

        var count = data.GetArrayLength();
        if (count is < 1 or > MaxItems)
        {
            throw DomainError.BadRequest($"length must be between 1 and {MaxItems} (inclusive)", "/data");
        }

        var ids = new List<Guid>(count);
        var index = 0;
        foreach (var element in data.EnumerateArray())
        {
            var item = RequestObject.From(element, $"/data/{index}").Permit("type", "id");
            if (!ResourceRequest.MatchesType(item.RequiredString("type"), type, singular))
            {
                throw DomainError.BadRequest("is invalid", $"/data/{index}/type");
            }

            var id = item.RequiredString("id");
            ids.Add(Ids.TryParse(id, out var uuid) ? uuid : throw DomainError.BadRequest("type mismatch (received string expected UUID string)", $"/data/{index}/id"));
            index++;
        }

        return ids;
    }

    /// <summary>
    /// The join rows to add, one per id in order: <paramref name="refuse"/> says why an id cannot be attached (given whether
    /// the id already came earlier in the list), or null when it can; the first refusal is thrown.
    /// </summary>
    public static List<TJoin> Rows<TJoin>(List<Guid> ids, Func<Guid, bool, DomainError?> refuse, Func<Guid, TJoin> create)
    {
        var rows = new List<TJoin>(ids.Count);
        var seen = new HashSet<Guid>();
        foreach (var id in ids)
        {
            if (refuse(id, !seen.Add(id)) is { } error)
            {
                throw error;
            }

            rows.Add(create(id));
        }

        return rows;
    }

    /// <summary>
    /// Checks a detach list against the attached <paramref name="rows"/>: for each id (at <c>/data/{i}</c>, in order) the
    /// first of <paramref name="refuse"/> (e.g. attached through the policy) and <paramref name="missing"/> (no row) is thrown.
    /// </summary>
    public static void EnsureAttached<TJoin>(List<Guid> ids, List<TJoin> rows, Func<TJoin, Guid> idOf, Func<Guid, int, DomainError> missing,
        Func<Guid, int, DomainError?>? refuse = null)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (refuse?.Invoke(ids[i], i) is { } error)
            {
                throw error;
            }

            var id = ids[i];
            if (!rows.Exists(r => idOf(r) == id))
            {
                throw missing(id, i);
            }
        }
    }

    /// <summary>Adds the join rows, records <paramref name="eventName"/> on <paramref name="parent"/> and saves; 200 with the rows.</summary>
    public static async Task<IResult> AttachAsync<TJoin>(LicenseServerDb db, string eventName, AccountEntity parent, List<TJoin> rows,
        Action<Utf8JsonWriter, TJoin> write, CancellationToken ct)
        where TJoin : class
    {
        db.AddRange(rows);
        EventLog.RecordMany(db, eventName, parent, rows, write);
        await db.SaveChangesAsync(ct);
        return JsonApiResults.List(rows, write);
    }

    /// <summary>Removes the join rows, records <paramref name="eventName"/> on <paramref name="parent"/> and saves; 204.</summary>
    public static async Task<IResult> DetachAsync<TJoin>(LicenseServerDb db, string eventName, AccountEntity parent, List<TJoin> rows,
        Action<Utf8JsonWriter, TJoin> write, CancellationToken ct)
        where TJoin : class
    {
        db.RemoveRange(rows);
        EventLog.RecordMany(db, eventName, parent, rows, write);
        await db.SaveChangesAsync(ct);
        return JsonApiResults.NoContent();
    }
}
