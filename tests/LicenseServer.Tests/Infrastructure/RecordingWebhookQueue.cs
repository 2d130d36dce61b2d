using LicenseServer.Core.Webhooks;

namespace LicenseServer.Tests.Infrastructure;

/// <summary>Stands in for Hangfire: remembers what would have been enqueued or scheduled.</summary>
public sealed class RecordingWebhookQueue : IWebhookQueue
{
    public List<Guid> Enqueued { get; } = [];

    public List<(Guid Id, DateTime At)> Scheduled { get; } = [];

    public void Enqueue(Guid webhookEventId) => Enqueued.Add(webhookEventId);

    public void Schedule(Guid webhookEventId, DateTime at) => Scheduled.Add((webhookEventId, at));
}
