using LicenseServer.Core.Licenses;

namespace LicenseServer.Api.Licenses;

/// <summary>The <c>meta</c> of a validation request: key (validate-key), nonce and scope (behaviour.md §1.2, resources.md §24 c).</summary>
public sealed class ValidationRequest
{
    private static readonly string[] ScopeKeys =
        ["environment", "product", "policy", "user", "machine", "fingerprint", "fingerprints", "components", "entitlements", "checksum", "version"];

    public string? Key { get; private init; }

    public bool Encrypted { get; private init; }

    public long? Nonce { get; private init; }

    /// <summary>The scope as sent (keys camelCased), echoed back in the response meta.</summary>
    public JsonElement? RawScope { get; private init; }

    public ValidationScope Scope { get; private init; } = ValidationScope.Empty;

    public static async Task<ValidationRequest> ReadAsync(HttpContext http, bool validateKey)
    {
        var meta = await ActionRequest.ReadMetaAsync(http, required: validateKey);
        if (validateKey)
        {
            meta.Permit("key", "nonce", "scope", "encrypted", "legacyEncrypted");
        }
        else
        {
            meta.Permit("nonce", "scope");
        }

        string? key = null;
        if (validateKey)
        {
            key = meta.RequiredString("key");
            if (string.IsNullOrWhiteSpace(key))
            {
                throw DomainError.BadRequest("cannot be blank", "/meta/key");
            }
        }

        var nonce = meta.Integer("nonce").Value;
        var encrypted = (meta.Bool("encrypted").Value ?? false) || (meta.Bool("legacyEncrypted").Value ?? false);
        var scopeObject = meta.Object("scope");
        meta.TryGet("scope", out var raw);
        return new ValidationRequest
        {
            Key = key,
            Encrypted = encrypted,
            Nonce = nonce,
            RawScope = scopeObject is null ? null : raw,
            Scope = scopeObject is null ? ValidationScope.Empty : ParseScope(scopeObject),
        };
    }

    private static ValidationScope ParseScope(RequestObject scope)
    {
        scope.Permit(ScopeKeys);
        var hasUser = scope.TryGet("user", out var userElement);
        string? user = null;
        if (hasUser)
        {
            (hasUser, user) = userElement.ValueKind == JsonValueKind.Null ? (true, null) : Resource(scope, "user");
        }

        return new ValidationScope
        {
            Environment = Resource(scope, "environment").Value,
            Product = Resource(scope, "product").Value,
            Policy = Resource(scope, "policy").Value,
            HasUser = hasUser,
            User = user,
            Machine = Resource(scope, "machine").Value,
            Fingerprint = scope.String("fingerprint").Value,
            Fingerprints = scope.StringArray("fingerprints", maxItems: Bounds.ManyItems, maxLength: Bounds.Fingerprint).Value,
            Components = scope.StringArray("components", maxItems: Bounds.ManyItems, maxLength: Bounds.Fingerprint).Value,
            Entitlements = scope.StringArray("entitlements", maxItems: Bounds.ManyItems).Value,
            Checksum = scope.String("checksum").Value,
            Version = scope.String("version").Value,
        };
    }

    /// <summary>A scope value naming a resource: a string, or a linkage <c>{"data":{"type","id"}}</c> whose null id counts as absent.</summary>
    private static (bool Present, string? Value) Resource(RequestObject scope, string name)
    {
        if (!scope.TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (false, null);
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return (true, value.GetString());
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw DomainError.TypeMismatch(scope.PointerTo(name), value, "string");
        }

        var linkage = RequestObject.From(value, scope.PointerTo(name)).Permit("data");
        var data = linkage.Object("data");
        if (data is null)
        {
            return (false, null);
        }

        data.Permit("type", "id");
        return data.String("id").Value is { } id ? (true, id) : (false, null);
    }

    /// <summary>
    /// Writes the validation meta in the current shape: ts, valid, detail, code, then nonce and scope when sent. Older API
    /// versions get it migrated, in the response (<see cref="JsonApi.ResponseSender"/>) and per webhook endpoint alike.
    /// </summary>
    public void WriteMeta(Utf8JsonWriter w, ValidationResult result, DateTime now, bool quick)
    {
        w.WriteTime("ts", now);
        w.WriteBoolean("valid", result.Valid);
        w.WriteString("detail", result.Detail);
        w.WriteString("code", result.Code);
        if (quick)
        {
            return;
        }

        if (Nonce is { } nonce)
        {
            w.WriteNumber("nonce", nonce);
        }

        if (RawScope is { } scope)
        {
            w.WritePropertyName("scope");
            WriteCamel(w, scope);
        }
    }

    private static void WriteCamel(Utf8JsonWriter w, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            element.WriteTo(w);
            return;
        }

        w.WriteStartObject();
        foreach (var property in element.EnumerateObject())
        {
            w.WritePropertyName(Casing.Normalize(property.Name));
            WriteCamel(w, property.Value);
        }

        w.WriteEndObject();
    }

    public static ValidationRequest Quick() => new();
}
