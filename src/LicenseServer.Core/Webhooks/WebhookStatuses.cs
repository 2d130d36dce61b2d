namespace LicenseServer.Core.Webhooks;

public static class WebhookStatuses
{
    public const string Delivering = "DELIVERING";
    public const string Delivered = "DELIVERED";
    public const string Failing = "FAILING";
    public const string Failed = "FAILED";
}
