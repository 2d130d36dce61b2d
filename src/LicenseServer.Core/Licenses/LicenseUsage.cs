using LicenseServer.Core.Events;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Core.Licenses;

/// <summary>
/// A license's usage count (resources.md §11.5): increment, decrement and reset. Each change takes a no-wait row lock on
/// the license, so a concurrent change answers 409 rather than queueing, and two changes can never both read the same
/// count. The limits are <see cref="License.SetUses"/>'s; the first increment starts a <c>FROM_FIRST_USE</c> expiry.
/// </summary>
public sealed class LicenseUsage(LicenseServerDb db, LicensePayload payload)
{
    /// <summary>Adds <paramref name="by"/> uses and records <c>license.usage.incremented</c>.</summary>
    public Task IncrementAsync(License license, long by, CancellationToken ct) =>
        ChangeAsync(license, uses => uses + by, "license.usage.incremented", ct);

    /// <summary>Takes <paramref name="by"/> uses away and records <c>license.usage.decremented</c>.</summary>
    public Task DecrementAsync(License license, long by, CancellationToken ct) =>
        ChangeAsync(license, uses => uses - by, "license.usage.decremented", ct);

    /// <summary>Sets the uses back to 0 and records <c>license.usage.reset</c>.</summary>
    public Task ResetAsync(License license, CancellationToken ct) =>
        ChangeAsync(license, _ => 0, "license.usage.reset", ct);

    private async Task ChangeAsync(License license, Func<long, long> change, string eventName, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        int current;
        try
        {
            current = await db.Database
                .SqlQuery<int>($"SELECT uses AS \"Value\" FROM licenses WHERE id = {license.Id} FOR UPDATE NOWAIT")
                .SingleAsync(ct);
        }
        catch (Exception e) when (DbErrors.IsLockNotAvailable(e))
        {
            throw new DomainError(ErrorKind.Conflict, "failed to increment due to another conflicting update", null,
                ErrorSource.AtPointer("/data/attributes/uses"));
        }

        license.SetUses(change(current));
        var now = db.Now();
        if (eventName == "license.usage.incremented" && license.ExpiryStartedBy(ExpirationBases.FromFirstUse, now) is { } expiry)
        {
            license.Expiry = expiry;
        }

        license.Updated = now;
        EventRecorder.Record(db, license.AccountId, eventName, "licenses", license.Id, payload(license, now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
