using Hangfire;
using LicenseServer.Api.Webhooks;
using LicenseServer.Core.Webhooks;

namespace LicenseServer.Api.Jobs;

/// <summary>Webhook deliveries as Hangfire jobs that carry the webhook-event id only.</summary>
public sealed partial class HangfireWebhookQueue(IBackgroundJobClient jobs, ILogger<HangfireWebhookQueue> logger) : IWebhookQueue
{
    public void Enqueue(Guid webhookEventId)
    {
        try
        {
            jobs.Enqueue<WebhookDeliveryJob>(job => job.RunAsync(webhookEventId, CancellationToken.None));
        }
        catch (BackgroundJobClientException e)
        {
            // The row is committed; the sweep enqueues it again once the job storage answers.
            LogEnqueueFailed(logger, e, webhookEventId);
        }
    }

    public void Schedule(Guid webhookEventId, DateTime at)
    {
        try
        {
            jobs.Schedule<WebhookDeliveryJob>(job => job.RunAsync(webhookEventId, CancellationToken.None), new DateTimeOffset(at, TimeSpan.Zero));
        }
        catch (BackgroundJobClientException e)
        {
            LogEnqueueFailed(logger, e, webhookEventId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not queue the delivery of webhook event {Id}; the sweep will retry")]
    private static partial void LogEnqueueFailed(ILogger logger, Exception exception, Guid id);
}
