namespace LicenseServer.Core.Entitlements;

/// <summary>Validation of entitlement attributes, with Keygen's codes and pointers.</summary>
public static class EntitlementRules
{
    private const string Pointer = "/data/attributes";

    /// <summary>Throws every rule the entitlement breaks, in this order, as one 422 "Unprocessable resource".</summary>
    public static async Task ValidateAsync(LicenseServerDb db, Entitlement entitlement, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (entitlement.Name.Length > 255)
        {
            errors.Add($"{Pointer}/name", "NAME_TOO_LONG", "is too long (maximum is 255 characters)");
        }

        var code = entitlement.Code;
        if (code.Length > 255)
        {
            errors.Add($"{Pointer}/code", "CODE_TOO_LONG", "is too long (maximum is 255 characters)");
        }

        if (code is "action" or "actions" || Ids.LooksLikeUuid(code))
        {
            errors.Add($"{Pointer}/code", "CODE_NOT_ALLOWED", "is reserved");
        }

        var lower = code.ToLowerInvariant();
        var taken = await db.Entitlements.AnyAsync(
            e => e.AccountId == entitlement.AccountId && e.Id != entitlement.Id && e.Code.ToLower() == lower, ct);
        if (taken)
        {
            errors.Add($"{Pointer}/code", "CODE_TAKEN", "has already been taken");
        }

        errors.ThrowIfAny();
    }
}
