namespace LicenseServer.Core.Users;

/// <summary>
/// How user passwords are hashed: BCrypt at a work factor the host configures (<c>Server__PasswordWorkFactor</c>).
/// Verification reads the factor from the stored hash, so a change applies to passwords set afterwards and every
/// existing hash keeps working. The tests lower it to <see cref="MinimumWorkFactor"/> to stay fast.
/// </summary>
public sealed class PasswordHashing
{
    /// <summary>The production factor, and what is used when nothing is configured.</summary>
    public const int DefaultWorkFactor = 10;

    /// <summary>The lowest factor BCrypt accepts.</summary>
    public const int MinimumWorkFactor = 4;

    /// <summary>The highest factor BCrypt accepts.</summary>
    public const int MaximumWorkFactor = 31;

    /// <summary>A setting outside BCrypt's range fails at start-up rather than at the first password set.</summary>
    public PasswordHashing(int workFactor = DefaultWorkFactor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workFactor, MinimumWorkFactor);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(workFactor, MaximumWorkFactor);
        WorkFactor = workFactor;
    }

    public static PasswordHashing Default { get; } = new();

    public int WorkFactor { get; }

    public string Hash(string password) => BCrypt.Net.BCrypt.HashPassword(password, WorkFactor);
}
