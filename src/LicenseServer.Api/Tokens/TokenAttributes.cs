using LicenseServer.Core.Tokens;

namespace LicenseServer.Api.Tokens;

/// <summary>The attributes every token-generating route reads (tokens, a user's tokens, a license's activation tokens).</summary>
public static class TokenAttributes
{
    /// <summary>name and expiry (null allowed: never expires); without expiry the kind's default applies.</summary>
    public static void Apply(RequestObject attributes, Token token, DateTime now)
    {
        var name = attributes.String("name", nullable: true);
        if (name.Value is { Length: > 255 })
        {
            throw DomainError.Invalid(attributes.PointerTo("name"), "NAME_TOO_LONG", "is too long (maximum is 255 characters)");
        }

        token.Name = name.Value;
        var expiry = attributes.Time("expiry", nullable: true);
        token.Expiry = expiry.Present ? expiry.Value : TokenIssuer.DefaultExpiry(token.Kind, now);
    }
}
