using System.Security.Cryptography;
using System.Text;
using OtpNet;

namespace LicenseServer.Core.Users;

/// <summary>
/// TOTP second factors (RFC 6238; resources.md §7, behaviour.md §10): SHA-1, 6 digits, 30 s steps, the previous step
/// accepted for 10 s of backward drift, and no code accepted unless its step is newer than the last accepted one.
/// Secrets are sealed with the server key ring, bound to their row, like the accounts' private keys.
/// </summary>
public static class SecondFactors
{
    public const string Issuer = "Keygen";
    public const string Image = "https://keygen.sh/images/logomark.png";
    public const int Digits = 6;
    public const int StepSeconds = 30;
    public static readonly TimeSpan Drift = TimeSpan.FromSeconds(10);
    private const int SecretBytes = 20;

    /// <summary>A new disabled factor for <paramref name="user"/> with a fresh random secret, sealed; answers the plain secret too.</summary>
    public static (SecondFactor Factor, string Secret) Create(User user, ServerKeyRing ring)
    {
        var secret = Base32Encoding.ToString(RandomNumberGenerator.GetBytes(SecretBytes)).TrimEnd('=');
        var factor = new SecondFactor { AccountId = user.AccountId, UserId = user.Id };
        factor.StoredSecret = ring.Seal(secret, Context(factor.Id));
        return (factor, secret);
    }

    /// <summary>The plain Base32 secret of a factor (a plain-text stored value passes through, as for account keys).</summary>
    public static string SecretOf(SecondFactor factor, ServerKeyRing? ring)
    {
        if (ring is null)
        {
            return ServerKeyRing.IsSealed(factor.StoredSecret)
                ? throw new ServerKeyException("Second factor secrets are encrypted, and no server key is configured.")
                : factor.StoredSecret;
        }

        return ring.Open(factor.StoredSecret, Context(factor.Id));
    }

    /// <summary>The otpauth provisioning URI: issuer Keygen, the user's e-mail as account name, and an image.</summary>
    public static string ProvisioningUri(string secret, string email)
    {
        var label = Uri.EscapeDataString($"{Issuer}:{email}");
        return $"otpauth://totp/{label}?secret={secret}&issuer={Uri.EscapeDataString(Issuer)}&image={Uri.EscapeDataString(Image)}";
    }

    /// <summary>
    /// Checks <paramref name="otp"/> against the factor at <paramref name="now"/> (and 10 s before); on success records
    /// its step so the same code is refused afterwards. The caller saves the factor.
    /// </summary>
    public static bool Verify(SecondFactor factor, ServerKeyRing? ring, string? otp, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(otp) || otp.Length != Digits)
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(SecretOf(factor, ring)), StepSeconds, OtpHashMode.Sha1, Digits);
        var given = Encoding.ASCII.GetBytes(otp);
        foreach (var step in new[] { StepOf(now), StepOf(now - Drift) }.Distinct())
        {
            if (factor.LastVerifiedStep is { } last && step <= last)
            {
                continue;
            }

            var expected = Encoding.ASCII.GetBytes(totp.ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * StepSeconds).UtcDateTime));
            if (CryptographicOperations.FixedTimeEquals(expected, given))
            {
                factor.LastVerifiedStep = step;
                return true;
            }
        }

        return false;
    }

    public static long StepOf(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>The associated data of a sealed secret: its row and column, so it opens only where it was written.</summary>
    public static string Context(Guid factorId) => $"second_factors/{factorId}/secret";
}
