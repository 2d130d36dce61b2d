namespace LicenseServer.Core.Events;

/// <summary>
/// Something that happened to a resource (<c>license.created</c>, <c>user.password-reset</c>, …), recorded
/// in the same transaction as the change. Webhook delivery fans these out to subscribed endpoints.
/// </summary>
public sealed class Event : AccountEntity
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
