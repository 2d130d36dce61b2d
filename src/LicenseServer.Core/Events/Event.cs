using LicenseServer.Core.Environments;
namespace LicenseServer.Core.Events;

/// <summary>
/// Something that happened to a resource (<c>license.created</c>, <c>user.password-reset</c>, …), recorded
/// in the same transaction as the change. Webhook delivery fans these out to subscribed endpoints.
/// </summary>
public sealed class Event : AccountEntity, IEnvironmentScoped
{
    private Func<Event, (string Payload, string? Meta)>? _render;

    /// <summary>Dotted kebab event name, e.g. <c>policy.updated</c>.</summary>
    public required string Name { get; set; }

    /// <summary>Wire type of the resource, e.g. <c>licenses</c>.</summary>
    public required string ResourceType { get; set; }

    public Guid ResourceId { get; set; }

    /// <summary>The resource object as JSON (the <c>data</c> member of the payload).</summary>
    public required string Payload { get; set; }

    /// <summary>Extra payload <c>meta</c> as a JSON object, or null.</summary>
    public string? Meta { get; set; }

    /// <summary>
    /// The event log's <c>metadata</c> (enterprise.md §3.2) as a JSON object, keys as stored: the validation code, an
    /// update's diff, attached entitlement codes; null renders <c>{}</c>.
    /// </summary>
    public string? LogMetadata { get; set; }

    /// <summary>Wire type of the bearer that caused the event (<c>users</c>, <c>products</c>, <c>licenses</c>, <c>environments</c>); null for jobs and anonymous requests.</summary>
    public string? WhodunnitType { get; set; }

    public Guid? WhodunnitId { get; set; }

    /// <summary>The id of the request that raised it (its request log's id); null for events raised by jobs.</summary>
    public Guid? RequestId { get; set; }

    /// <summary>
    /// Wire type of the record the event log points at: the request's primary record when it loaded one, otherwise the
    /// event's own (enterprise.md §3.2). Null means the event's own resource.
    /// </summary>
    public string? LogResourceType { get; set; }

    public Guid? LogResourceId { get; set; }

    /// <summary>The environment the event was raised in; null for the global environment.</summary>
    public Guid? EnvironmentId { get; set; }

    /// <summary>
    /// Renders <see cref="Payload"/> and <see cref="Meta"/> when the change is saved, after its timestamps are stamped, so
    /// the payload shows the same <c>created</c> and <c>updated</c> as the response (see <see cref="EventRecorder.Defer"/>).
    /// </summary>
    internal void RenderOnSave(Func<Event, (string Payload, string? Meta)> render) => _render = render;

    /// <summary>Runs the render set by <see cref="RenderOnSave"/>, once.</summary>
    internal void Render()
    {
        if (_render is { } render)
        {
            _render = null;
            (Payload, Meta) = render(this);
        }
    }
}
