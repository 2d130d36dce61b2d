using LicenseServer.Core.Environments;
namespace LicenseServer.Core.Groups;

/// <summary>Validation of group attributes and the group membership limits.</summary>
public static class GroupRules
{
    private const string Pointer = "/data/attributes";

    /// <summary>Throws every rule the group breaks, in this order, as one 422 "Unprocessable resource".</summary>
    public static void Validate(Group group)
    {
        var errors = new ValidationErrors();
        if (group.Name.Length > 255)
        {
            errors.Add($"{Pointer}/name", "NAME_TOO_LONG", "is too long (maximum is 255 characters)");
        }

        ValidateLimit(ref errors, group.MaxUsers, "maxUsers", "MAX_USERS_INVALID");
        ValidateLimit(ref errors, group.MaxLicenses, "maxLicenses", "MAX_LICENSES_INVALID");
        ValidateLimit(ref errors, group.MaxMachines, "maxMachines", "MAX_MACHINES_INVALID");
        errors.ThrowIfAny();
    }

    /// <summary>
    /// Locks the group row and throws 422 <c>GROUP_USER_LIMIT_EXCEEDED</c> when one more user would
    /// exceed <c>maxUsers</c>. Call inside a transaction, before adding the user to the group.
    /// </summary>
    public static async Task EnsureRoomForUserAsync(LicenseServerDb db, Guid groupId, Guid userId, CancellationToken ct)
    {
        var group = await db.Groups.FromSql($"SELECT * FROM groups WHERE id = {groupId} FOR UPDATE").IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(ct);
        if (group?.MaxUsers is not { } max)
        {
            return;
        }

        var count = await db.Users.CountAsync(u => u.GroupId == groupId && u.Id != userId, ct);
        if (count + 1 > max)
        {
            throw DomainError.Invalid("/data/relationships/group", "GROUP_USER_LIMIT_EXCEEDED",
                $"user count has exceeded maximum allowed by current group ({max})");
        }
    }

    /// <summary>
    /// Locks the group row and throws 422 <c>GROUP_LICENSE_LIMIT_EXCEEDED</c> when one more license would
    /// exceed <c>maxLicenses</c>, or <c>GROUP_NOT_FOUND</c> when the account has no such group. Call inside a
    /// transaction, before adding the license to the group.
    /// </summary>
    public static async Task EnsureRoomForLicenseAsync(LicenseServerDb db, Guid accountId, Guid groupId, Guid licenseId, CancellationToken ct)
    {
        var group = await LockInAccountAsync(db, accountId, groupId, ct);
        if (group.MaxLicenses is { } max && await db.Licenses.CountAsync(l => l.GroupId == groupId && l.Id != licenseId, ct) + 1 > max)
        {
            throw DomainError.Invalid("/data/relationships/group", "GROUP_LICENSE_LIMIT_EXCEEDED",
                $"license count has exceeded maximum allowed by current group ({max})");
        }
    }

    /// <summary>
    /// Locks the group row and throws 422 <c>GROUP_MACHINE_LIMIT_EXCEEDED</c> when one more machine would exceed
    /// <c>maxMachines</c> (behaviour.md §4.3), or <c>GROUP_NOT_FOUND</c> when the account has no such group. Call
    /// inside a transaction, before adding the machine to the group.
    /// </summary>
    public static async Task EnsureRoomForMachineAsync(LicenseServerDb db, Guid accountId, Guid groupId, Guid machineId, CancellationToken ct)
    {
        var group = await LockInAccountAsync(db, accountId, groupId, ct);
        if (group.MaxMachines is { } max && await db.Machines.CountAsync(m => m.GroupId == groupId && m.Id != machineId, ct) + 1 > max)
        {
            throw DomainError.Invalid("/data/relationships/group", "GROUP_MACHINE_LIMIT_EXCEEDED",
                $"machine count has exceeded maximum allowed by current group ({max})");
        }
    }

    /// <summary>The account's group, its row locked until the transaction ends; 422 GROUP_NOT_FOUND otherwise.</summary>
    private static async Task<Group> LockInAccountAsync(LicenseServerDb db, Guid accountId, Guid groupId, CancellationToken ct) =>
        await db.Groups.FromSql($"SELECT * FROM groups WHERE id = {groupId} AND account_id = {accountId} FOR UPDATE")
            .AsNoTracking().SingleOrDefaultAsync(ct)
        ?? throw await RelatedRecords.MissingAsync(db, db.Groups, accountId, groupId, "group", NotFound(), ct);

    /// <summary>The 422 for a group relationship naming no group of the account.</summary>
    public static DomainError NotFound() => DomainError.Invalid("/data/relationships/group", "GROUP_NOT_FOUND", "must exist");

    private static void ValidateLimit(ref ValidationErrors errors, int? value, string attribute, string code)
    {
        if (value is <= 0)
        {
            errors.Add($"{Pointer}/{attribute}", code, "must be greater than 0");
        }
    }
}
