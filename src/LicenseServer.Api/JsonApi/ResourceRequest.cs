using LicenseServer.Core.Versions;

namespace LicenseServer.Api.JsonApi;

/// <summary>
/// A create or update body: <c>{"data":{"type","id","attributes","relationships"},"meta"}</c>,
/// checked for shape and type before any attribute is read.
/// </summary>
public sealed class ResourceRequest
{
    private ResourceRequest(string? id, RequestObject attributes, RequestObject relationships, RequestObject meta)
    {
        Id = id;
        Attributes = attributes;
        Relationships = relationships;
        Meta = meta;
    }

    /// <summary>data.id as sent (ignored on update; a client-chosen id on some creates).</summary>
    public string? Id { get; }

    public RequestObject Attributes { get; }

    public RequestObject Relationships { get; }

    public RequestObject Meta { get; }

    /// <summary>Reads a body whose data is required, in the current shape whatever API version it was sent at.</summary>
    public static async Task<ResourceRequest> ReadAsync(HttpContext http, string type, string singular)
    {
        var request = Parse(InCurrentShape(http, await RequestBody.ReadAsync(http), type), type, singular, dataRequired: true)!;
        return HttpMethods.IsPost(http.Request.Method) ? request.WithEnvironmentChecked(http) : request;
    }

    /// <summary>
    /// A create body may name its environment (<c>relationships.environment</c>, a linkage or null; enterprise.md §2.2): it
    /// must be the current one (403 otherwise), and is then dropped, as the new record takes the current environment anyway.
    /// Update bodies never accept it: the handlers do not permit it (400).
    /// </summary>
    private ResourceRequest WithEnvironmentChecked(HttpContext http)
    {
        if (!Relationships.Has("environment") || http.Features.Get<RequestContext>() is not { } context)
        {
            return this;
        }

        var named = ToOne("environment", "environments", "environment").Value is { } id ? Guid.Parse(id) : (Guid?)null;
        return named == context.Environment?.Id
            ? new ResourceRequest(Id, Attributes, Relationships.Without("environment"), Meta)
            : throw Core.Environments.EnvironmentRules.RecordNotCompatible();
    }

    /// <summary>Reads a body that may be absent or carry no data (e.g. token generation).</summary>
    public static async Task<ResourceRequest> ReadOptionalAsync(HttpContext http, string type, string singular) =>
        Parse(await RequestBody.ReadAsync(http), type, singular, dataRequired: false);

    /// <summary>
    /// The body rewritten from an older API version's names and defaults into the current ones (behaviour.md §0.7), so
    /// endpoints read one shape; the body itself at the current version or when no step touches it.
    /// </summary>
    private static JsonElement? InCurrentShape(HttpContext http, JsonElement? body, string type)
    {
        if (body is not { } sent || DocumentMigrations.MigrateRequest(sent, type, HttpMethods.IsPost(http.Request.Method), RequestContext.VersionOf(http)) is not { } migrated)
        {
            return body;
        }

        using var document = JsonDocument.Parse(migrated.ToJsonString());
        return document.RootElement.Clone();
    }

    private static ResourceRequest Parse(JsonElement? body, string type, string singular, bool dataRequired)
    {
        var empty = new ResourceRequest(null, RequestObject.Empty("/data/attributes"), RequestObject.Empty("/data/relationships"), RequestObject.Empty("/meta"));
        if (body is null)
        {
            return dataRequired ? throw DomainError.BadRequest("is missing", "/data") : empty;
        }

        var root = RequestObject.From(body.Value, string.Empty).Permit("data", "meta");
        var meta = root.Object("meta") ?? RequestObject.Empty("/meta");
        if (!root.TryGet("data", out var dataElement) || (!dataRequired && dataElement.ValueKind == JsonValueKind.Null))
        {
            return dataRequired ? throw DomainError.BadRequest("is missing", "/data") : new ResourceRequest(null, empty.Attributes, empty.Relationships, meta);
        }

        if (dataElement.ValueKind == JsonValueKind.Null)
        {
            throw DomainError.BadRequest("cannot be null", "/data");
        }

        var data = RequestObject.From(dataElement, "/data").Permit("type", "id", "attributes", "relationships");
        var sentType = data.RequiredString("type");
        if (!MatchesType(sentType, type, singular))
        {
            throw DomainError.BadRequest("is invalid", "/data/type");
        }

        var id = data.String("id").Value;
        return new ResourceRequest(
            id,
            data.Object("attributes") ?? RequestObject.Empty("/data/attributes"),
            data.Object("relationships") ?? RequestObject.Empty("/data/relationships"),
            meta);
    }

    public static bool MatchesType(string sent, string type, string singular)
    {
        var normalized = Casing.ToSnake(sent).Replace('_', '-');
        return normalized == type || normalized == singular;
    }

    /// <summary>
    /// A to-one relationship linkage <c>{"data":{"type","id"}}</c>: absent, null (cleared) or an id.
    /// The relationship itself sent as <c>null</c> (<c>"user": null</c>) counts as absent, as for any
    /// optional key. The id is returned as sent; <paramref name="uuidOnly"/> requires it to be a UUID.
    /// </summary>
    public Opt<string?> ToOne(string name, string type, string singular, bool uuidOnly = true)
    {
        var linkage = ToOneAny(name, [(type, singular)], uuidOnly);
        return linkage.Present ? new(true, linkage.Value?.Id) : Opt<string?>.Absent;
    }

    /// <summary>
    /// A polymorphic to-one linkage whose type is one of <paramref name="types"/> (plural, singular);
    /// the type is returned in its plural form. Absent and <c>null</c> relationships are absent;
    /// <c>{"data":null}</c> is present and null.
    /// </summary>
    public Opt<(string Type, string Id)?> ToOneAny(string name, ReadOnlySpan<(string Type, string Singular)> types, bool uuidOnly = true)
    {
        if (!Relationships.TryGet(name, out var relationship) || relationship.ValueKind == JsonValueKind.Null)
        {
            return Opt<(string, string)?>.Absent;
        }

        var pointer = Relationships.PointerTo(name);
        var linkage = RequestObject.From(relationship, pointer).Permit("data");
        var data = linkage.Required("data");
        if (data.ValueKind == JsonValueKind.Null)
        {
            return new(true, null);
        }

        var item = RequestObject.From(data, $"{pointer}/data").Permit("type", "id");
        var sentType = item.RequiredString("type");
        string? type = null;
        foreach (var (plural, singular) in types)
        {
            if (MatchesType(sentType, plural, singular))
            {
                type = plural;
                break;
            }
        }

        if (type is null)
        {
            throw DomainError.BadRequest("is invalid", $"{pointer}/data/type");
        }

        var id = item.RequiredString("id");
        if (uuidOnly && !Ids.LooksLikeUuid(id))
        {
            throw DomainError.BadRequest("type mismatch (received string expected UUID string)", $"{pointer}/data/id");
        }

        return new(true, (type, id));
    }
}
