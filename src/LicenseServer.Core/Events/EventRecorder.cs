namespace LicenseServer.Core.Events;

/// <summary>
/// Adds an event row to the pending change; it commits (or not) with the change itself. The row is stamped with the
/// request that raised it (<see cref="LicenseServerDb.Origin"/>), so it is its own event log (enterprise.md §3).
/// </summary>
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
            LogResourceType = resourceType,
            LogResourceId = resourceId,
        };
        db.Origin?.Stamp(recorded);
        db.Events.Add(recorded);
        return recorded;
    }

    /// <summary>
    /// Adds an event row whose payload and meta are rendered by <paramref name="render"/> when the change is saved, after
    /// <see cref="LicenseServerDb"/> has stamped <c>Created</c> and <c>Updated</c>: the payload shows the times the response shows.
    /// </summary>
    public static Event Defer(LicenseServerDb db, Guid accountId, string name, string resourceType, Guid resourceId,
        Func<Event, (string Payload, string? Meta)> render)
    {
        var recorded = Record(db, accountId, name, resourceType, resourceId, string.Empty);
        recorded.RenderOnSave(render);
        db.RenderOnSave(recorded);
        return recorded;
    }
}
