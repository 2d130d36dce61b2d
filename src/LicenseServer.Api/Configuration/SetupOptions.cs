namespace LicenseServer.Api.Configuration;

/// <summary>
/// The <c>Setup</c> settings section: when an admin e-mail is set, the first account and its admin
/// are created at start-up unless an account with that slug exists (how docker compose seeds it).
/// </summary>
public sealed class SetupOptions
{
    public const string Section = "Setup";

    public string? AccountName { get; set; }

    public string? AccountSlug { get; set; }

    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }
}
