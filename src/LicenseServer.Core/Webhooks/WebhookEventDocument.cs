namespace LicenseServer.Core.Webhooks;

/// <summary>Renders a webhook event as the UTF-8 <c>{"data": …}</c> document a delivery posts (the API registers it).</summary>
public delegate byte[] WebhookEventDocument(WebhookEvent webhookEvent);
