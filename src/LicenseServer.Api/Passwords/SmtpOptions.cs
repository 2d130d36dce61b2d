namespace LicenseServer.Api.Passwords;

/// <summary>The <c>Smtp</c> settings section. Without a host and a sender, no e-mail is sent.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public string? From { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool EnableSsl { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);
}
