using LicenseServer.Core.Access;
using LicenseServer.Core.Data;
using LicenseServer.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Core.Groups;

/// <summary>Loading groups as other resources' relationships show them.</summary>
public static class GroupQueries
{
    /// <summary>
    /// The group a license or a machine belongs to, as its <c>group</c> route shows it: a license bearer reads its own
    /// group, everyone else within their group scope; 404 when there is none or it may not be read.
    /// </summary>
    public static async Task<Group> RelatedAsync(LicenseServerDb db, Guid accountId, Bearer bearer, Guid? groupId, CancellationToken ct)
    {
        var groups = db.Groups.AsNoTracking().Where(g => g.AccountId == accountId);
        if (!bearer.IsLicense)
        {
            groups = GroupAccess.Scope(groups, db.GroupOwners, bearer);
        }

        var group = groupId is { } wanted && (bearer.IsLicense || GroupAccess.CanRead(bearer))
            ? await groups.FirstOrDefaultAsync(g => g.Id == wanted, ct)
            : null;
        return group ?? throw DomainError.NotFound("group", groupId?.ToString() ?? string.Empty);
    }
}
