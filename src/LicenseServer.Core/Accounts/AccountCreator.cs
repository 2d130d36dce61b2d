using System.Text.RegularExpressions;
using LicenseServer.Core.Users;

namespace LicenseServer.Core.Accounts;

/// <summary>Founds an account with its key pairs, secret and admins, in one transaction.</summary>
public static partial class AccountCreator
{
    private const string AdminsPointer = "/data/relationships/admins";

    public static async Task<Account> CreateAsync(LicenseServerDb db, AccountDraft draft, CancellationToken ct)
    {
        if (draft.Admins.Count == 0)
        {
            throw DomainError.Invalid(AdminsPointer, "ADMINS_REQUIRED", "must have at least one admin user");
        }

        if (draft.Admins.Count > 10)
        {
            throw DomainError.Invalid(AdminsPointer, "ADMINS_TOO_LONG", "is too long (maximum is 10 admins)");
        }

        var emails = new HashSet<string>();
        for (var i = 0; i < draft.Admins.Count; i++)
        {
            var admin = draft.Admins[i];
            var pointer = $"{AdminsPointer}/data/{i}/attributes";
            var email = UserRules.NormalizeEmail(admin.Email);
            UserRules.Validate(email, admin.FirstName, admin.LastName, admin.Password, pointer);
            if (!emails.Add(email))
            {
                throw DomainError.Invalid($"{pointer}/email", "EMAIL_TAKEN", "has already been taken");
            }
        }

        var firstEmail = UserRules.NormalizeEmail(draft.Admins[0].Email);
        var domain = firstEmail[(firstEmail.IndexOf('@') + 1)..];
        var name = string.IsNullOrWhiteSpace(draft.Name) ? domain : draft.Name;
        if (name.Length > 255)
        {
            throw DomainError.Invalid("/data/attributes/name", "NAME_TOO_LONG", "is too long (maximum is 255 characters)");
        }

        var slug = draft.Slug is null ? await DefaultSlugAsync(db, domain, ct) : draft.Slug.Trim().ToLowerInvariant();
        ValidateSlug(slug);
        if (await db.Accounts.AnyAsync(a => a.Slug == slug, ct))
        {
            throw DomainError.Invalid("/data/attributes/slug", "SLUG_TAKEN", "has already been taken");
        }

        var keys = AccountKeys.Generate();
        var account = new Account
        {
            Name = name,
            Slug = slug,
            Protected = draft.Protected ?? false,
            Secret = Secrets.RandomHex(64),
            Ed25519PrivateKey = keys.Ed25519PrivateKey,
            Ed25519PublicKey = keys.Ed25519PublicKey,
            RsaPrivateKey = keys.RsaPrivateKey,
            RsaPublicKey = keys.RsaPublicKey,
            EcdsaPrivateKey = keys.EcdsaPrivateKey,
            EcdsaPublicKey = keys.EcdsaPublicKey,
        };
        db.Accounts.Add(account);
        foreach (var admin in draft.Admins)
        {
            var user = new User
            {
                AccountId = account.Id,
                Email = UserRules.NormalizeEmail(admin.Email),
                FirstName = admin.FirstName,
                LastName = admin.LastName,
                Role = Roles.Admin,
                Metadata = admin.Metadata,
            };
            if (admin.Password is not null)
            {
                user.SetPassword(admin.Password, db.Passwords);
            }

            db.Users.Add(user);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw DomainError.Invalid("/data/attributes/slug", "SLUG_TAKEN", "has already been taken");
        }

        return account;
    }

    public static void ValidateSlug(string slug)
    {
        const string pointer = "/data/attributes/slug";
        if (slug.Length > 255)
        {
            throw DomainError.Invalid(pointer, "SLUG_TOO_LONG", "is too long (maximum is 255 characters)");
        }

        if (!SlugPattern().IsMatch(slug))
        {
            throw DomainError.Invalid(pointer, "SLUG_INVALID", "can only contain lowercase letters, numbers and dashes (but cannot start with dash)");
        }

        if (slug is "action" or "actions" || Ids.LooksLikeUuid(slug) || Ids.LooksLikeUuid(slug.Replace("-", string.Empty)))
        {
            throw DomainError.Invalid(pointer, "SLUG_NOT_ALLOWED", "is reserved");
        }
    }

    private static async Task<string> DefaultSlugAsync(LicenseServerDb db, string domain, CancellationToken ct)
    {
        var dot = domain.IndexOf('.');
        var baseSlug = NonSlugCharacters().Replace((dot > 0 ? domain[..dot] : domain).ToLowerInvariant(), "-").Trim('-');
        if (baseSlug.Length < 2)
        {
            baseSlug = "account";
        }

        var slug = baseSlug;
        while (await db.Accounts.AnyAsync(a => a.Slug == slug, ct))
        {
            slug = $"{baseSlug}-{Secrets.RandomHex(3)}";
        }

        return slug;
    }

    [GeneratedRegex("^[a-z0-9][-a-z0-9]+$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("[^a-z0-9-]+")]
    private static partial Regex NonSlugCharacters();
}
