using LicenseServer.Core.Common;

namespace LicenseServer.Core.Events;

/// <summary>
/// Something that happened to a resource (<c>license.created</c>, <c>user.password-reset</c>, …), recorded
/// in the same transaction as the change. Webhook delivery fans these out to subscribed endpoints.
/// </summary>
public sealed class Event : AccountEntity
{
    /// <summary>Dotted kebab event name, e.g. <c>policy.updated</c>.</summary>
    public required string Name { get; set; }

    /// <summary>Wire type of the resource, e.g. <c>licenses</c>.</summary>
    public required string ResourceType { get; set; }

    public Guid ResourceId { get; set; }

    /// <summary>The resource object as JSON (the <c>data</c> member of the payload).</summary>
    public required string Payload { get; set; }

    /// <summary>Extra payload <c>meta</c> as a JSON object, or null.</summary>
    public string? Meta { get; set; }
}
