using LicenseServer.Core.Accounts;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Tokens;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Api.Auth;

/// <summary>Turns presented credentials into a <see cref="Bearer"/> of the account, or a 401/403 error.</summary>
public static class Authenticator
{
    public static async Task<Bearer?> AuthenticateAsync(Readers readers, LicenseServerDb db, Account account, Credentials? credentials, CancellationToken ct)
    {
        if (credentials is null || credentials.Kind == CredentialKind.Password)
        {
            return null;
        }

        return credentials.Kind == CredentialKind.LicenseKey
            ? await FromLicenseKeyAsync(readers.Licenses, db, account, credentials, ct)
            : await FromTokenAsync(readers, db, account, credentials, ct);
    }

    /// <summary>The hot-path readers authentication uses (singletons).</summary>
    public sealed record Readers(TokenReader Tokens, LicenseReader Licenses);

    private static async Task<Bearer> FromTokenAsync(Readers readers, LicenseServerDb db, Account account, Credentials credentials, CancellationToken ct)
    {
        var raw = credentials.Value;
        if (Ids.LooksLikeUuid(raw))
        {
            throw DomainError.Unauthorized(
                "Token format is invalid (make sure that you're providing a token value, not a token's UUID identifier)",
                "TOKEN_FORMAT_INVALID", scheme: credentials.Scheme);
        }

        if (raw.Length == 0)
        {
            throw DomainError.Unauthorized(null, "TOKEN_INVALID", scheme: credentials.Scheme);
        }

        var digest = Secrets.Digest(account.Secret, raw);
        var (token, bearerUser, bearerProduct) = await readers.Tokens.FindAsync(db, account.Id, digest, ct)
            ?? throw DomainError.Unauthorized(null, "TOKEN_INVALID", scheme: credentials.Scheme);

        if (token.IsExpired(db.Now()))
        {
            throw DomainError.Unauthorized("Token is expired", "TOKEN_EXPIRED", scheme: credentials.Scheme);
        }

        switch (token.BearerType)
        {
            case Bearer.UserType:
                var user = bearerUser
                    ?? throw DomainError.Unauthorized(null, "TOKEN_INVALID", scheme: credentials.Scheme);
                if (user.IsBanned)
                {
                    throw new DomainError(ErrorKind.Forbidden, "User is banned", "USER_BANNED");
                }

                return Bearer.ForUser(user, token);
            case Bearer.ProductType:
                var product = bearerProduct
                    ?? throw DomainError.Unauthorized(null, "TOKEN_INVALID", scheme: credentials.Scheme);
                return Bearer.ForProduct(product, token);
            case Bearer.LicenseType:
                var licensed = await readers.Licenses.FindByIdAsync(db, account.Id, token.BearerId, ct)
                    ?? throw DomainError.Unauthorized(null, "TOKEN_INVALID", scheme: credentials.Scheme);
                if (!licensed.LoadedPolicy.AllowsTokenAuth)
                {
                    throw new DomainError(ErrorKind.Forbidden, "Token authentication is not allowed by policy", "TOKEN_NOT_ALLOWED");
                }

                return Bearer.ForLicense(licensed, token);
            case Bearer.EnvironmentType:
                var environment = await db.Environments.AsNoTracking().FirstOrDefaultAsync(e => e.AccountId == account.Id && e.Id == token.BearerId, ct)
                    ?? throw DomainError.Unauthorized(null, "TOKEN_INVALID", scheme: credentials.Scheme);
                return Bearer.ForEnvironment(environment, token);
            default:
                throw DomainError.Unauthorized(null, "TOKEN_INVALID", scheme: credentials.Scheme);
        }
    }

    /// <summary>License-key authentication (behaviour.md §6.3): unknown, banned, suspended, revoked-expired, then the policy's strategy.</summary>
    private static async Task<Bearer> FromLicenseKeyAsync(LicenseReader licenses, LicenseServerDb db, Account account, Credentials credentials,
        CancellationToken ct)
    {
        var license = credentials.Value.Length == 0 ? null : await licenses.FindByKeyAsync(db, account.Id, credentials.Value, ct);
        if (license is null)
        {
            throw DomainError.Unauthorized(null, "LICENSE_INVALID", scheme: credentials.Scheme);
        }

        if (license.IsBanned)
        {
            throw new DomainError(ErrorKind.Forbidden, "License is banned", "LICENSE_BANNED");
        }

        if (license.Suspended)
        {
            throw new DomainError(ErrorKind.Forbidden, "License is suspended", "LICENSE_SUSPENDED");
        }

        if (license.LoadedPolicy.ExpirationStrategy == ExpirationStrategies.RevokeAccess && license.IsExpired(db.Now()))
        {
            throw new DomainError(ErrorKind.Forbidden, "License is expired", "LICENSE_EXPIRED");
        }

        if (!license.LoadedPolicy.AllowsLicenseAuth)
        {
            throw new DomainError(ErrorKind.Forbidden, "License key authentication is not allowed by policy", "LICENSE_NOT_ALLOWED");
        }

        return Bearer.ForLicense(license, null);
    }
}
