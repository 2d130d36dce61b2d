using LicenseServer.Core.Data;

namespace LicenseServer.Core.Events;

/// <summary>Adds an event row to the pending change; it commits (or not) with the change itself.</summary>
public static class EventRecorder
{
    public static Event Record(LicenseServerDb db, Guid accountId, string name, string resourceType, Guid resourceId, string payload, string? meta = null)
    {
        var recorded = new Event
        {
            AccountId = accountId,
            Name = name,
            ResourceType = resourceType,
            ResourceId = resourceId,
            Payload = payload,
            Meta = meta,
        };
        db.Events.Add(recorded);
        return recorded;
    }
}
