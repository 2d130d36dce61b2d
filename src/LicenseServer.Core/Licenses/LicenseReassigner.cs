using LicenseServer.Core.Events;
using LicenseServer.Core.Groups;
using LicenseServer.Core.Users;

namespace LicenseServer.Core.Licenses;

/// <summary>
/// Moves a license to another owner or group (resources.md §11.1). Each change runs in a transaction under the locks its
/// limits need (the license's users for maxUsers, the group for maxLicenses), saves, and records its event.
/// </summary>
public sealed class LicenseReassigner(LicenseServerDb db, LicensePayload payload)
{
    /// <summary>
    /// Gives the license to the account's user <paramref name="ownerId"/> (or to no one): the owner may not already be
    /// attached through users, one more user must fit maxUsers, and the license follows the new owner into its group.
    /// </summary>
    public async Task ChangeOwnerAsync(License license, Guid? ownerId, string eventName, CancellationToken ct)
    {
        User? owner = null;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (ownerId is { } userId)
        {
            owner = await LicenseRules.FindOwnerAsync(db, license.AccountId, userId, ct);

            // Under the license's users lock, so a concurrent attach or owner change is counted (maxUsers) and seen.
            var users = await LicenseUserRules.LockAndReadAsync(db, license.Id, ct);
            if (users.Attached.Contains(userId))
            {
                throw DomainError.Invalid("/data/relationships/owner", "OWNER_INVALID", "already exists (user is attached through users)");
            }

            if (users.OwnerId is null && license.EffectiveMaxUsers is { } max && users.Count + 1 > max)
            {
                throw LicenseUserRules.LimitExceeded(max);
            }
        }

        license.OwnerId = owner?.Id;
        license.Owner = owner;
        if (owner?.GroupId is { } group && group != license.GroupId)
        {
            await GroupRules.EnsureRoomForLicenseAsync(db, license.AccountId, group, license.Id, ct);
            license.GroupId = group;
        }

        await SaveAsync(license, eventName, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Moves the license into the account's group <paramref name="groupId"/> (under its license limit) or out of any.</summary>
    public async Task ChangeGroupAsync(License license, Guid? groupId, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (groupId is { } group && group != license.GroupId)
        {
            await GroupRules.EnsureRoomForLicenseAsync(db, license.AccountId, group, license.Id, ct);
        }

        license.GroupId = groupId;
        await SaveAsync(license, "license.group.updated", ct);
        await transaction.CommitAsync(ct);
    }

    private async Task SaveAsync(License license, string eventName, CancellationToken ct)
    {
        var now = db.Now();
        license.Updated = now;
        EventRecorder.Record(db, license.AccountId, eventName, "licenses", license.Id, payload(license, now));
        await db.SaveChangesAsync(ct);
    }
}
