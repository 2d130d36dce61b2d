using LicenseServer.Core.Accounts;

namespace LicenseServer.Core.Users;

/// <summary>Password reset tokens: 48 hex characters plus <c>v3</c>, stored only as a digest, valid 24 hours.</summary>
public static class PasswordReset
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>Sets a new reset token on the user and returns its raw value, shown once (in the event).</summary>
    public static string Issue(Account account, User user, DateTime now)
    {
        var raw = Secrets.RandomHex(24) + "v3";
        user.PasswordResetTokenDigest = Secrets.Digest(account.Secret, raw);
        user.PasswordResetSentAt = now;
        return raw;
    }

    public static bool Matches(Account account, User user, string raw) =>
        user.PasswordResetTokenDigest is { } digest && Secrets.ConstantTimeEquals(digest, Secrets.Digest(account.Secret, raw));

    public static bool IsExpired(User user, DateTime now) =>
        user.PasswordResetSentAt is not { } sentAt || sentAt + Lifetime < now;

    public static void Clear(User user)
    {
        user.PasswordResetTokenDigest = null;
        user.PasswordResetSentAt = null;
    }
}
