using LicenseServer.Api.Users;
using LicenseServer.Core.Accounts;
using LicenseServer.Core.Users;

namespace LicenseServer.Api.Tokens;

/// <summary>HTTP Basic email:password on <c>POST /tokens</c>, with Keygen's error codes in its order.</summary>
public static class PasswordLogin
{
    /// <summary>The user of the Basic credentials; <paramref name="otp"/> (the body's <c>meta.otp</c>) is required once they have an enabled second factor, and checked before the password.</summary>
    public static async Task<Bearer> AuthenticateAsync(HttpContext http, LicenseServerDb db, Account account, Credentials credentials, string? otp)
    {
        var email = UserRules.NormalizeEmail(credentials.Email ?? string.Empty);
        try
        {
            UserRules.Validate(email, null, null, null, string.Empty);
        }
        catch (DomainError)
        {
            throw Fail("EMAIL_REQUIRED", "email is required");
        }

        // Users the current environment sees, and global admins, who may log in to any environment (enterprise.md §1.5).
        var user = (await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.AccountId == account.Id && u.Email == email, http.RequestAborted)
            ?? await db.Users.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(
                u => u.AccountId == account.Id && u.Email == email && u.Role == Roles.Admin && u.EnvironmentId == null, http.RequestAborted))
            ?? throw Fail("EMAIL_INVALID", "email must be valid");

        if (!user.HasPassword)
        {
            throw Fail("PASSWORD_NOT_SUPPORTED", "password is unsupported");
        }

        if (credentials.Value.Length == 0)
        {
            throw Fail("PASSWORD_REQUIRED", "password is required");
        }

        var factors = await SecondFactorEndpoints.EnabledFactorsAsync(db, user, http.RequestAborted);
        if (factors.Count > 0)
        {
            if (string.IsNullOrEmpty(otp))
            {
                throw DomainError.Unauthorized("second factor is required", "OTP_REQUIRED", ErrorSource.AtPointer("/meta/otp"), "Basic");
            }

            var now = db.Clock.GetUtcNow();
            if (!factors.Any(f => SecondFactors.Verify(f, db.ServerKeys, otp, now)))
            {
                throw DomainError.Unauthorized("second factor must be valid", "OTP_INVALID", ErrorSource.AtPointer("/meta/otp"), "Basic");
            }
        }

        if (!user.VerifyPassword(credentials.Value))
        {
            throw Fail("PASSWORD_INVALID", "password must be valid");
        }

        if (user.IsBanned)
        {
            throw DomainError.Forbidden("user is banned");
        }

        return Bearer.ForUser(user, null);
    }

    /// <summary>A credential error; API ≤1.7 sees every one of them as CREDENTIALS_INVALID (DocumentMigrations).</summary>
    private static DomainError Fail(string code, string detail) =>
        DomainError.Unauthorized(detail, code, ErrorSource.AtHeader("Authorization"), "Basic");
}
