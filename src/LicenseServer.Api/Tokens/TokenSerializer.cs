using LicenseServer.Core.Permissions;
using LicenseServer.Core.Tokens;

namespace LicenseServer.Api.Tokens;

public static class TokenSerializer
{
    public const string Type = "tokens";

    /// <summary>A token as read: never its secret. Its <see cref="Token.Holder"/> must be loaded (<see cref="TokenHolders"/>).</summary>
    public static void Write(Utf8JsonWriter w, Token token) => Write(w, token, null);

    /// <summary>A token with its raw secret: only in generate and regenerate responses.</summary>
    public static Action<Utf8JsonWriter, Token> WithSecret(string raw) => (w, token) => Write(w, token, raw);

    private static void Write(Utf8JsonWriter w, Token token, string? raw)
    {
        var self = w.BeginResource(Type, token);
        w.WriteString("kind", token.Kind);
        if (raw is not null)
        {
            w.WriteString("token", raw);
        }

        w.WriteTime("expiry", token.Expiry);
        w.WriteNullableString("name", token.Name);
        var holder = token.Holder ?? throw new InvalidOperationException("A token is rendered without its holder: load it with TokenHolders.LoadAsync.");
        w.WriteStringArray("permissions", Grants.RenderedForToken(holder.Role, holder.Permissions, token.Permissions));
        if (token.Kind == TokenKinds.Activation)
        {
            w.WriteNullableNumber("maxActivations", token.MaxActivations);
            w.WriteNumber("activations", token.Activations);
            w.WriteNullableNumber("maxDeactivations", token.MaxDeactivations);
            w.WriteNumber("deactivations", token.Deactivations);
        }

        w.BeginRelationships(token);
        w.WriteToOne("bearer", Links.Resource(token.AccountId, token.BearerType, token.BearerId), token.BearerType, token.BearerId);
        w.EndResource(self);
    }
}
