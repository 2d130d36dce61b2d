using LicenseServer.Core.Distribution;

namespace LicenseServer.Api.Packages;

/// <summary>The lookups of distribution.md §13 (<c>engines</c>, <c>channels</c>, <c>platforms</c>, <c>arches</c>): one shape, typed by kind.</summary>
public static class DistributionKeySerializer
{
    public static void Write(Utf8JsonWriter w, DistributionKey row)
    {
        w.BeginResource(row.Kind, row.Id);
        w.WriteNullableString("name", row.Name);
        w.WriteString("key", row.Key);
        w.WriteTime("created", row.Created);
        w.WriteTime("updated", row.Updated);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        w.WriteAccount(row.AccountId);
        w.WriteEndObject();
        w.WriteStartObject("links");
        w.WriteString("related", Links.Resource(row.AccountId, row.Kind, row.Id));
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
