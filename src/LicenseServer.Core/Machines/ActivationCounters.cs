using LicenseServer.Core.Tokens;

namespace LicenseServer.Core.Machines;

/// <summary>
/// The activations / deactivations counters of a license token (behaviour.md §4.1). Call inside the activation's
/// transaction: a capped counter takes a no-wait row lock, so a concurrent change answers 409 instead of both
/// reading the same count; the increment rolls back with a failed activation.
/// </summary>
public static class ActivationCounters
{
    private sealed record Counter(int Count, int? Max);

    public static Task ActivateAsync(LicenseServerDb db, Token token, CancellationToken ct) => IncrementAsync(db, token, activation: true, ct);

    public static Task DeactivateAsync(LicenseServerDb db, Token token, CancellationToken ct) => IncrementAsync(db, token, activation: false, ct);

    private static async Task IncrementAsync(LicenseServerDb db, Token token, bool activation, CancellationToken ct)
    {
        Counter counter;
        try
        {
            counter = activation
                ? await db.Database.SqlQuery<Counter>(
                    $"SELECT activations AS count, max_activations AS max FROM tokens WHERE id = {token.Id} FOR UPDATE NOWAIT").SingleAsync(ct)
                : await db.Database.SqlQuery<Counter>(
                    $"SELECT deactivations AS count, max_deactivations AS max FROM tokens WHERE id = {token.Id} FOR UPDATE NOWAIT").SingleAsync(ct);
        }
        catch (Exception e) when (DbErrors.IsLockNotAvailable(e))
        {
            var what = activation ? "activation" : "deactivation";
            throw new DomainError(ErrorKind.Conflict, $"failed to increment due to another conflicting {what}", null,
                ErrorSource.AtPointer(activation ? "/data/attributes/activations" : "/data/attributes/deactivations"));
        }

        if (counter.Max is { } max && counter.Count + 1 > max)
        {
            throw activation
                ? DomainError.Invalid("/data/attributes/activations", "ACTIVATIONS_LIMIT_EXCEEDED", $"exceeds maximum allowed ({max})")
                : DomainError.Invalid("/data/attributes/deactivations", "DEACTIVATIONS_LIMIT_EXCEEDED", $"exceeds maximum allowed ({max})");
        }

        if (activation)
        {
            await db.Tokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Activations, t => t.Activations + 1), ct);
        }
        else
        {
            await db.Tokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Deactivations, t => t.Deactivations + 1), ct);
        }
    }
}
