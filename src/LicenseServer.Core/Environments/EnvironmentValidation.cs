namespace LicenseServer.Core.Environments;

/// <summary>The attribute rules of an environment (enterprise.md §1.2).</summary>
public static class EnvironmentValidation
{
    private const string Attributes = "/data/attributes";

    /// <summary>The code: not UUID-shaped, not reserved, unique per account whatever its case.</summary>
    public static async Task ValidateCodeAsync(LicenseServerDb db, Environment environment, CancellationToken ct)
    {
        if (Ids.LooksLikeUuid(environment.Code))
        {
            throw DomainError.Invalid($"{Attributes}/code", "CODE_INVALID", "is invalid");
        }

        if (environment.Code.Equals("action", StringComparison.OrdinalIgnoreCase) || environment.Code.Equals("actions", StringComparison.OrdinalIgnoreCase))
        {
            throw DomainError.Invalid($"{Attributes}/code", "CODE_NOT_ALLOWED", "is reserved");
        }

        var lower = environment.Code.ToLowerInvariant();
        if (await db.Environments.AnyAsync(e => e.AccountId == environment.AccountId && e.Id != environment.Id && e.Code.ToLower() == lower, ct))
        {
            throw DomainError.Invalid($"{Attributes}/code", "CODE_TAKEN", "has already been taken");
        }
    }

    public static string Strategy(string value) =>
        value is Environment.Isolated or Environment.Shared
            ? value
            : throw DomainError.Invalid($"{Attributes}/isolationStrategy", "ISOLATION_STRATEGY_NOT_ALLOWED", "unsupported isolation strategy");
}
