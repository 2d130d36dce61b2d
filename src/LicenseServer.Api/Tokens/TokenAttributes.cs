using LicenseServer.Core.Permissions;
using LicenseServer.Core.Tokens;

namespace LicenseServer.Api.Tokens;

/// <summary>The attributes every token-generating route reads (tokens, a user's, a product's and a license's tokens).</summary>
public static class TokenAttributes
{
    /// <summary>
    /// name, expiry (null allowed: never expires; without it the kind's default applies) and permissions (enterprise.md
    /// §5.2, §5.4): within what the token's bearer holds, and, when the request itself used a token with a list of its own,
    /// within that token's, which a new token without a list then inherits. Loads the token's holder for rendering.
    /// </summary>
    public static async Task ApplyAsync(LicenseServerDb db, RequestObject attributes, Token token, Bearer caller, CancellationToken ct)
    {
        var name = attributes.String("name", nullable: true);
        if (name.Value is { Length: > 255 })
        {
            throw DomainError.Invalid(attributes.PointerTo("name"), "NAME_TOO_LONG", "is too long (maximum is 255 characters)");
        }

        token.Name = name.Value;
        var expiry = attributes.Time("expiry", nullable: true);
        token.Expiry = expiry.Present ? expiry.Value : TokenIssuer.DefaultExpiry(token.Kind, db.Now());

        await TokenHolders.LoadAsync(db, token, ct);
        var holder = Grants.Effective(token.Holder!.Role, token.Holder.Permissions);
        var pointer = attributes.PointerTo("permissions");
        if (attributes.Permissions() is { } list)
        {
            token.Permissions = Grants.Validate(list, holder, pointer);
            if (caller.HasRestrictedToken && !caller.TokenPermissions.ContainsAll(Grants.Effective(token.Holder.Role, token.Permissions)))
            {
                throw DomainError.Invalid(pointer, "PERMISSIONS_NOT_ALLOWED", "unsupported permissions");
            }
        }
        else if (caller.HasRestrictedToken)
        {
            token.Permissions = [.. caller.TokenPermissions.Intersect(holder).Names];
        }
    }
}
