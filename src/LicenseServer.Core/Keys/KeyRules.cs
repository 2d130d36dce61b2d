using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using LicenseServer.Core.Errors;
using LicenseServer.Core.Licenses;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Core.Keys;

/// <summary>Pooled key rules (behaviour.md §3.3): 8..1024 characters, unique, never a license's id or key.</summary>
public static class KeyRules
{
    private const string Pointer = "/data/attributes/key";

    public static async Task ValidateAsync(LicenseServerDb db, Key key, CancellationToken ct)
    {
        if (key.Value.Length < 8)
        {
            throw DomainError.Invalid(Pointer, "KEY_TOO_SHORT", "is too short (minimum is 8 characters)");
        }

        if (key.Value.Length > 1024)
        {
            throw DomainError.Invalid(Pointer, "KEY_TOO_LONG", "is too long (maximum is 1024 characters)");
        }

        if (key.Value is "action" or "actions")
        {
            throw DomainError.Invalid(Pointer, "KEY_NOT_ALLOWED", "is reserved");
        }

        key.ValueDigest = LicenseKeys.Digest(key.Value);
        if (await db.Keys.AnyAsync(k => k.AccountId == key.AccountId && k.Id != key.Id && k.ValueDigest == key.ValueDigest, ct))
        {
            throw DomainError.Invalid(Pointer, "KEY_TAKEN", "has already been taken");
        }

        var asId = Ids.TryParse(key.Value, out var uuid) ? uuid : (Guid?)null;
        var conflict = await db.Licenses.AnyAsync(
            l => l.AccountId == key.AccountId && (l.KeyDigest == key.ValueDigest || (asId != null && l.Id == asId)), ct);
        if (conflict)
        {
            throw DomainError.Invalid(Pointer, "KEY_CONFLICT", "must not conflict with another license's identifier");
        }
    }
}
