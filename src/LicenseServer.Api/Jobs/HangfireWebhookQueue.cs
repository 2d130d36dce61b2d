using Hangfire;
using LicenseServer.Core.Webhooks;

namespace LicenseServer.Api.Jobs;

/// <summary>
/// Webhook deliveries as Hangfire jobs that carry the webhook-event id only. The job client is resolved on first
/// use, so a request that raises no event never touches the job storage.
/// </summary>
public sealed partial class HangfireWebhookQueue(IServiceProvider services, ILogger<HangfireWebhookQueue> logger) : IWebhookQueue
{
    public void Enqueue(Guid webhookEventId) =>
        Try(webhookEventId, jobs => jobs.Enqueue<WebhookDeliveryJob>(job => job.RunAsync(webhookEventId, CancellationToken.None)));

    public void Schedule(Guid webhookEventId, DateTime at) =>
        Try(webhookEventId, jobs => jobs.Schedule<WebhookDeliveryJob>(job => job.RunAsync(webhookEventId, CancellationToken.None), new DateTimeOffset(at, TimeSpan.Zero)));

    private void Try(Guid webhookEventId, Action<IBackgroundJobClient> queue)
    {
        try
        {
            queue(services.GetRequiredService<IBackgroundJobClient>());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The row is committed already, so the change must not fail now: the sweep enqueues it again
            // once the job storage answers.
            LogEnqueueFailed(logger, e, webhookEventId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not queue the delivery of webhook event {Id}; the sweep will retry")]
    private static partial void LogEnqueueFailed(ILogger logger, Exception exception, Guid id);
}
