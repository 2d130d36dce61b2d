using LicenseServer.Api.RequestLogs;
using LicenseServer.Core.Events;

namespace LicenseServer.Api.EventLogs;

/// <summary>The <c>event-logs</c> resource (enterprise.md §3.2): an event as it was raised, by whom, on what, in which request.</summary>
public static class EventLogSerializer
{
    public const string Type = "event-logs";

    public static void Write(Utf8JsonWriter w, Event recorded)
    {
        var self = w.BeginResource(Type, recorded);
        w.WriteString("event", recorded.Name);
        w.BeginRelationships(recorded, recorded.LogMetadata ?? "{}");
        w.WriteRecord("request", recorded.AccountId, RequestLogSerializer.Type, recorded.RequestId);
        w.WriteRecord("whodunnit", recorded.AccountId, recorded.WhodunnitType, recorded.WhodunnitId);
        w.WriteRecord("resource", recorded.AccountId, recorded.LogResourceType ?? recorded.ResourceType, recorded.LogResourceId ?? recorded.ResourceId);
        w.EndResource(self);
    }

    /// <summary>A to-one relationship to any record of the account: its linkage and related link, or nulls when there is none.</summary>
    public static void WriteRecord(this Utf8JsonWriter w, string name, Guid accountId, string? type, Guid? id)
    {
        if (type is not null && id is { } recordId)
        {
            w.WriteToOne(name, Links.Resource(accountId, type, recordId), type, recordId);
            return;
        }

        w.WriteStartObject(name);
        w.WriteStartObject("links");
        w.WriteNull("related");
        w.WriteEndObject();
        w.WriteNull("data");
        w.WriteEndObject();
    }
}
