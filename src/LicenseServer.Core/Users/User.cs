using LicenseServer.Core.Environments;
namespace LicenseServer.Core.Users;

public sealed class User : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    /// <summary>Lower-cased and trimmed; unique per account.</summary>
    public required string Email { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    /// <summary>BCrypt hash; null for a managed user who cannot log in with a password.</summary>
    public string? PasswordDigest { get; set; }

    public string Role { get; set; } = Roles.User;

    /// <summary>JSON object with snake_case keys.</summary>
    public string Metadata { get; set; } = "{}";

    /// <summary>
    /// The stored <c>permissions</c> (enterprise.md §5): null for the role's default set, <c>["*"]</c> for everything the role
    /// allows, otherwise the strings given. Read through <see cref="Permissions.Grants"/>.
    /// </summary>
    public string[]? Permissions { get; set; }

    public Guid? GroupId { get; set; }

    public DateTime? BannedAt { get; set; }

    public string? PasswordResetTokenDigest { get; set; }

    public DateTime? PasswordResetSentAt { get; set; }

    public string? FullName => FirstName is null || LastName is null ? null : $"{FirstName} {LastName}";

    public bool IsBanned => BannedAt is not null;

    public bool HasPassword => PasswordDigest is not null;

    /// <summary>Stores the BCrypt hash of <paramref name="password"/> at the host's work factor.</summary>
    public void SetPassword(string password, PasswordHashing hashing) => PasswordDigest = hashing.Hash(password);

    public bool VerifyPassword(string password) =>
        PasswordDigest is not null && BCrypt.Net.BCrypt.Verify(password, PasswordDigest);
}
