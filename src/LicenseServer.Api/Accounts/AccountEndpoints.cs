using LicenseServer.Api.Configuration;
using LicenseServer.Core.Accounts;
using Microsoft.Extensions.Options;

namespace LicenseServer.Api.Accounts;

public static class AccountEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        v1.MapPost("/accounts", CreateAsync);

        var account = v1.MapGroup("/accounts/{account}").WithMetadata(AccountScoped.Instance);
        account.MapGet("", ShowAsync).Requires("account.read");
        account.MapMethods("", ["PATCH", "PUT"], UpdateAsync).Requires("account.update");
        account.MapDelete("", Destroy).Requires("account.update");
    }

    /// <summary>Sign-up: an account and its founding admins. Credentials, if any, are ignored.</summary>
    private static async Task<IResult> CreateAsync(HttpContext http, LicenseServerDb db, IOptions<ServerOptions> options, AccountResolver accounts)
    {
        if (!options.Value.AllowSignups)
        {
            throw new DomainError(ErrorKind.Forbidden, "Sign-ups are disabled on this server", "SIGNUPS_DISABLED");
        }

        var request = await ResourceRequest.ReadAsync(http, "accounts", "account");
        request.Attributes.Permit("name", "slug", "protected");
        request.Relationships.Permit("admins");
        request.Meta.Permit("referral");

        var admins = ReadAdmins(request.Relationships);
        var draft = new AccountDraft(
            request.Attributes.String("name").Value,
            request.Attributes.String("slug").Value,
            request.Attributes.Bool("protected").Value,
            admins);
        var created = await AccountCreator.CreateAsync(db, draft, http.RequestAborted);
        accounts.Evict(created);
        return JsonApiResults.Created(http, created, AccountSerializer.Write, Links.Account(created.Id));
    }

    private static List<AdminDraft> ReadAdmins(RequestObject relationships)
    {
        var admins = relationships.RequiredObject("admins").Permit("data");
        var data = admins.Required("data");
        if (data.ValueKind != JsonValueKind.Array)
        {
            throw DomainError.TypeMismatch(admins.PointerTo("data"), data, "array");
        }

        var drafts = new List<AdminDraft>();
        var index = 0;
        foreach (var item in data.EnumerateArray())
        {
            var pointer = $"{admins.PointerTo("data")}/{index++}";
            var user = RequestObject.From(item, pointer).Permit("type", "attributes");
            var type = user.RequiredString("type");
            if (!ResourceRequest.MatchesType(type, "users", "user"))
            {
                throw DomainError.BadRequest("is invalid", $"{pointer}/type");
            }

            var attributes = user.RequiredObject("attributes").Permit("email", "password", "firstName", "lastName", "metadata", "role");
            var role = attributes.String("role").Value;
            if (role is not null and not "admin")
            {
                throw DomainError.Invalid(attributes.PointerTo("role"), "ROLE_NOT_ALLOWED", "must be admin");
            }

            drafts.Add(new AdminDraft(
                attributes.RequiredString("email"),
                attributes.String("password").Value,
                attributes.String("firstName").Value,
                attributes.String("lastName").Value,
                attributes.Metadata().Value ?? "{}"));
        }

        return drafts;
    }

    private static IResult ShowAsync(Caller caller)
    {
        Forbidden.Unless(AccountAccess.CanRead(caller.Bearer));

        return JsonApiResults.Resource(caller.Account, AccountSerializer.Write);
    }

    private static async Task<IResult> UpdateAsync(Caller caller, LicenseServerDb db, AccountResolver accounts)
    {
        Forbidden.Unless(AccountAccess.CanUpdate(caller.Bearer));

        var request = await ResourceRequest.ReadAsync(caller.Http, "accounts", "account");
        var attributes = request.Attributes.Permit("name", "slug", "apiVersion", "protected");
        var account = await db.Accounts.FirstAsync(a => a.Id == caller.AccountId, caller.Aborted);
        var before = account.Slug;

        if (attributes.String("name") is { Present: true, Value: { } name })
        {
            if (name.Length is 0 or > 255)
            {
                throw DomainError.Invalid(attributes.PointerTo("name"), name.Length == 0 ? "NAME_MISSING" : "NAME_TOO_LONG",
                    name.Length == 0 ? "can't be blank" : "is too long (maximum is 255 characters)");
            }

            account.Name = name;
        }

        if (attributes.String("slug") is { Present: true, Value: { } slug })
        {
            slug = slug.Trim().ToLowerInvariant();
            AccountCreator.ValidateSlug(slug);
            if (slug != account.Slug && await db.Accounts.AnyAsync(a => a.Slug == slug, caller.Aborted))
            {
                throw DomainError.Invalid(attributes.PointerTo("slug"), "SLUG_TAKEN", "has already been taken");
            }

            account.Slug = slug;
        }

        if (attributes.String("apiVersion") is { Present: true, Value: { } version })
        {
            if (!ApiVersions.IsSupported(version))
            {
                throw DomainError.Invalid(attributes.PointerTo("apiVersion"), "API_VERSION_NOT_ALLOWED", "unsupported version");
            }

            account.ApiVersion = version;
        }

        if (attributes.Bool("protected") is { Present: true, Value: { } isProtected })
        {
            account.Protected = isProtected;
        }

        await db.SaveChangesAsync(caller.Aborted);
        accounts.Evict(caller.Account);
        if (before != account.Slug)
        {
            accounts.Evict(account);
        }

        return JsonApiResults.Resource(account, AccountSerializer.Write);
    }

    /// <summary>Accounts are not deleted through the API: 401 without credentials, 403 with.</summary>
    private static IResult Destroy(Caller caller) => throw DomainError.Forbidden();
}
