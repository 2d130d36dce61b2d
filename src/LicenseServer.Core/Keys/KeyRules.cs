using LicenseServer.Core.Licenses;

namespace LicenseServer.Core.Keys;

/// <summary>Pooled key rules (behaviour.md §3.3): 8..1024 characters, unique, never a license's id or key.</summary>
public static class KeyRules
{
    private const string Pointer = "/data/attributes/key";

    /// <summary>Throws every rule the key breaks, in this order, as one 422 "Unprocessable resource".</summary>
    public static async Task ValidateAsync(LicenseServerDb db, Key key, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (key.Value.Length < 8)
        {
            errors.Add(Pointer, "KEY_TOO_SHORT", "is too short (minimum is 8 characters)");
        }
        else if (key.Value.Length > 1024)
        {
            errors.Add(Pointer, "KEY_TOO_LONG", "is too long (maximum is 1024 characters)");
        }

        if (key.Value is "action" or "actions")
        {
            errors.Add(Pointer, "KEY_NOT_ALLOWED", "is reserved");
        }

        key.ValueDigest = LicenseKeys.Digest(key.Value);
        if (await db.Keys.AnyAsync(k => k.AccountId == key.AccountId && k.Id != key.Id && k.ValueDigest == key.ValueDigest, ct))
        {
            errors.Add(Pointer, "KEY_TAKEN", "has already been taken");
        }

        var asId = Ids.TryParse(key.Value, out var uuid) ? uuid : (Guid?)null;
        var conflict = await db.Licenses.AnyAsync(
            l => l.AccountId == key.AccountId && (l.KeyDigest == key.ValueDigest || (asId != null && l.Id == asId)), ct);
        if (conflict)
        {
            errors.Add(Pointer, "KEY_CONFLICT", "must not conflict with another license's identifier");
        }

        errors.ThrowIfAny();
    }
}
