using LicenseServer.Core.Environments;
namespace LicenseServer.Api.JsonApi;

/// <summary>
/// The JSON:API resource object shape every serializer shares, written straight to the <see cref="Utf8JsonWriter"/>.
/// A serializer reads as its own members in wire order between three calls:
/// <code>
/// var self = w.BeginResource(Type, entity);       // {"id","type","attributes":{
/// …its attributes…
/// w.BeginRelationships(entity, entity.Metadata);  // metadata, created, updated},"relationships":{"account"
/// …its relationships…
/// w.EndResource(self);                            // },"links":{"self"}}
/// </code>
/// </summary>
public static class ResourceWriter
{
    /// <summary>Opens the resource object and its attributes.</summary>
    public static void BeginResource(this Utf8JsonWriter w, string type, Guid id)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("type", type);
        w.WriteStartObject("attributes");
    }

    /// <summary>
    /// <see cref="BeginResource(Utf8JsonWriter, string, Guid)"/> for a row of an account; returns the row's self link, which
    /// its relationships' links extend.
    /// </summary>
    public static string BeginResource(this Utf8JsonWriter w, string type, AccountEntity entity)
    {
        w.BeginResource(type, entity.Id);
        return Links.Resource(entity.AccountId, type, entity.Id);
    }

    /// <summary>
    /// Closes the attributes with their standard tail (<c>metadata</c> when the resource has one, <c>created</c>,
    /// <c>updated</c>) and opens the relationships with the <c>account</c> one.
    /// </summary>
    public static void BeginRelationships(this Utf8JsonWriter w, AccountEntity entity, string? metadata = null)
    {
        if (metadata is not null)
        {
            MetadataJson.Write(w, "metadata", metadata);
        }

        w.WriteTime("created", entity.Created);
        w.WriteTime("updated", entity.Updated);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        w.WriteAccount(entity.AccountId);
        if (entity is IEnvironmentScoped scoped)
        {
            w.WriteEnvironment(entity.AccountId, scoped.EnvironmentId);
        }
    }

    /// <summary>The <c>environment</c> relationship of a scoped row (enterprise.md §2.1): linkage and link, or nulls for a global row.</summary>
    public static void WriteEnvironment(this Utf8JsonWriter w, Guid accountId, Guid? environmentId)
    {
        w.WriteStartObject("environment");
        w.WriteStartObject("links");
        if (environmentId is { } id)
        {
            w.WriteString("related", Links.Resource(accountId, "environments", id));
            w.WriteEndObject();
            w.WriteStartObject("data");
            w.WriteString("type", "environments");
            w.WriteString("id", id);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("related");
            w.WriteEndObject();
            w.WriteNull("data");
        }

        w.WriteEndObject();
    }

    /// <summary>The <c>account</c> relationship every account's row has.</summary>
    public static void WriteAccount(this Utf8JsonWriter w, Guid accountId) =>
        w.WriteToOne("account", Links.Account(accountId), "accounts", accountId);

    /// <summary>Closes the relationships and writes <c>links.self</c>; the resource stays open for a <c>meta</c>.</summary>
    public static void EndRelationships(this Utf8JsonWriter w, string self)
    {
        w.WriteEndObject();
        w.WriteSelfLink(self);
    }

    /// <summary>Closes the relationships, writes <c>links.self</c> and closes the resource.</summary>
    public static void EndResource(this Utf8JsonWriter w, string self)
    {
        w.EndRelationships(self);
        w.WriteEndObject();
    }
}
