using LicenseServer.Core.Environments;
namespace LicenseServer.Core.Users;

/// <summary>
/// A user's TOTP second factor (resources.md §7). The shared secret is stored sealed with the server key
/// (<see cref="SecondFactors"/>); <see cref="LastVerifiedStep"/> is the newest 30 s step whose code was accepted, so a
/// code is never accepted twice.
/// </summary>
public sealed class SecondFactor : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    public Guid UserId { get; set; }

    /// <summary>The Base32 secret sealed with the server key ring; never written anywhere in plain text.</summary>
    public string StoredSecret { get; set; } = string.Empty;

    public bool Enabled { get; set; }

    public long? LastVerifiedStep { get; set; }
}
