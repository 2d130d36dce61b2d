using LicenseServer.Core.Events;
using LicenseServer.Core.Groups;
using LicenseServer.Core.Keys;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Core.Licenses;

/// <summary>
/// Creates licenses (resources.md §11.3, §11.4): the policy's defaults (protection, first check-in, a
/// <c>FROM_CREATION</c> expiry), the requested attributes over them, a key by the policy's scheme (signed, legacy
/// encrypted, custom, popped from the pool or generated), the group's license limit, and the <c>license.created</c> event.
/// The model's failures (key, then limits) are reported together in one 422, before any lock is taken.
/// </summary>
public sealed class LicenseIssuer(LicenseServerDb db, LicensePayload payload)
{
    private const string LegacyScheme = Schemes.LegacyEncrypt;

    public async Task<IssuedLicense> IssueAsync(LicenseOrder order, CancellationToken ct)
    {
        var policy = order.Policy;
        var now = db.Now();
        var license = new License
        {
            AccountId = order.Account.Id,
            PolicyId = policy.Id,
            ProductId = policy.ProductId,
            Policy = policy,
            OwnerId = order.Owner?.Id,
            Owner = order.Owner,
            GroupId = order.GroupId,
            Protected = policy.Protected,
            Created = now,
            Key = string.Empty,
            KeyDigest = string.Empty,
        };
        if (order.Id is { } clientId)
        {
            license.Id = await ClientIdAsync(clientId, ct);
        }

        if (policy.RequireCheckIn)
        {
            license.LastCheckIn = now;
        }

        license.Expiry = license.ExpiryStartedBy(ExpirationBases.FromCreation, now);
        order.Apply?.Invoke(license);

        var (errors, legacyKey) = await KeyAsync(order, license, ct);
        LicenseRules.CheckOverrides(license, ref errors);
        errors.ThrowIfAny();

        await using var transaction = policy.UsePool || license.GroupId is not null ? await db.Database.BeginTransactionAsync(ct) : null;
        if (license.GroupId is { } group)
        {
            await GroupRules.EnsureRoomForLicenseAsync(db, license.AccountId, group, license.Id, ct);
        }

        if (TakesPooledKey(order))
        {
            var pooled = await KeyPool.PopAsync(db, license.AccountId, policy.Id, ct)
                ?? throw DomainError.Invalid("/data/relationships/policy", "POLICY_POOL_EMPTY", "pool is empty");
            SetKey(license, pooled.Value);
        }

        db.Licenses.Add(license);
        EventRecorder.Defer(db, license.AccountId, "license.created", "licenses", license.Id, _ => (payload(license, now), null));
        await db.SaveChangesAsync(ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return new IssuedLicense(license, legacyKey);
    }

    /// <summary>A client-chosen id: a UUID (<c>ID_INVALID</c>) that no license has (<c>ID_CONFLICT</c>).</summary>
    private async Task<Guid> ClientIdAsync(string clientId, CancellationToken ct)
    {
        if (!Ids.TryParse(clientId, out var id))
        {
            throw DomainError.Invalid("/data/id", "ID_INVALID", "must be a valid UUID");
        }

        return await db.Licenses.AnyAsync(l => l.Id == id, ct)
            ? throw DomainError.Invalid("/data/id", "ID_CONFLICT", "must not conflict with another license")
            : id;
    }

    /// <summary>
    /// Sets the key the policy's scheme calls for, and answers the key's failures and a legacy key's raw value. A pooled
    /// policy without a requested key leaves it empty: the pool is popped inside the create's transaction, so a failed
    /// create puts the key back.
    /// </summary>
    private async Task<(ValidationErrors Errors, string? LegacyKey)> KeyAsync(LicenseOrder order, License license, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var policy = order.Policy;
        if (policy.Scheme == LegacyScheme)
        {
            if (order.Key is not null)
            {
                errors.Add("/data/attributes/key", "KEY_NOT_SUPPORTED", "cannot be specified for a legacy encrypted license");
                return (errors, null);
            }

            // Only a digest of a legacy-encrypted key is stored (behaviour.md §3.5): the lookup digest in both columns.
            var legacyKey = LicenseSigner.LegacyKey(license);
            license.KeyDigest = LicenseKeys.Digest(legacyKey);
            license.Key = license.KeyDigest;
            return (errors, legacyKey);
        }

        if (policy.Scheme is not null)
        {
            SetKey(license, LicenseSigner.Sign(order.Account, policy, license, order.Owner, order.Key));
        }
        else if (order.Key is { } custom)
        {
            SetKey(license, custom);
        }
        else if (!TakesPooledKey(order))
        {
            SetKey(license, LicenseKeys.Generate());
            return (errors, null);
        }
        else
        {
            return (errors, null);
        }

        return (await LicenseRules.KeyErrorsAsync(db, license, errors, ct), null);
    }

    /// <summary>An unsigned pooled policy with no requested key takes the pool's newest key.</summary>
    private static bool TakesPooledKey(LicenseOrder order) => order.Policy is { Scheme: null, UsePool: true } && order.Key is null;

    private static void SetKey(License license, string key)
    {
        license.Key = key;
        license.KeyDigest = LicenseKeys.Digest(key);
    }
}
