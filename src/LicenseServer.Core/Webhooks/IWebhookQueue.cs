namespace LicenseServer.Core.Webhooks;

/// <summary>Where committed webhook events go to be delivered: a background job per event id.</summary>
public interface IWebhookQueue
{
    /// <summary>Delivers as soon as a worker is free.</summary>
    void Enqueue(Guid webhookEventId);

    /// <summary>Delivers at (or shortly after) <paramref name="at"/>.</summary>
    void Schedule(Guid webhookEventId, DateTime at);
}
