namespace LicenseServer.Core.Events;

/// <summary>
/// Who and why, for the event logs (enterprise.md §3.2): the request that is running, the bearer that made it and the
/// primary record it names. Set once per request on the request's <see cref="LicenseServerDb"/> after authentication, and
/// read by <see cref="EventRecorder"/> for every event the request raises; jobs have none, so their events carry no
/// whodunnit and no request.
/// </summary>
public sealed class EventOrigin
{
    /// <summary>The request's id (its request log's id), or null when the request is not logged (its route, or logging off).</summary>
    public required Guid? RequestId { get; init; }

    /// <summary>Wire type of the authenticated bearer, or null for an anonymous request.</summary>
    public string? WhodunnitType { get; init; }

    public Guid? WhodunnitId { get; init; }

    /// <summary>Wire type of the primary record the route names (the license of <c>/licenses/{id}/…</c>), or null.</summary>
    public string? ResourceType { get; init; }

    /// <summary>The request's environment (null for the global one): its events and its request log belong to it.</summary>
    public Guid? EnvironmentId { get; init; }

    /// <summary>
    /// The primary record's id: known at once when the route names it by UUID, otherwise learnt from the first event about a
    /// record of <see cref="ResourceType"/> (a license named by its key).
    /// </summary>
    public Guid? ResourceId { get; set; }

    /// <summary>Stamps an event raised by this request: its whodunnit, its request and the record its log points at.</summary>
    public void Stamp(Event recorded)
    {
        recorded.WhodunnitType = WhodunnitType;
        recorded.WhodunnitId = WhodunnitId;
        recorded.RequestId = RequestId;
        recorded.EnvironmentId = EnvironmentId;
        if (ResourceType is null)
        {
            return;
        }

        if (ResourceId is null && recorded.ResourceType == ResourceType)
        {
            ResourceId = recorded.ResourceId;
        }

        if (ResourceId is { } id)
        {
            recorded.LogResourceType = ResourceType;
            recorded.LogResourceId = id;
        }
    }
}
