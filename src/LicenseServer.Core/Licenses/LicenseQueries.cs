using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Core.Licenses;

/// <summary>
/// Loading licenses with what their serializer and validation need (policy, owner, user count,
/// machine totals) in one round trip, and lookup by id or key.
/// </summary>
public static class LicenseQueries
{
    /// <summary>Licenses whose id or key is <paramref name="idOrKey"/>: the id is tried only when the value looks like a UUID.</summary>
    public static IQueryable<License> ByIdOrKey(IQueryable<License> licenses, string idOrKey)
    {
        var digest = LicenseKeys.Digest(idOrKey);
        return Ids.TryParse(idOrKey, out var id)
            ? licenses.Where(l => l.Id == id || l.KeyDigest == digest)
            : licenses.Where(l => l.KeyDigest == digest);
    }

    /// <summary>The oldest matching license with its details, or null. One query.</summary>
    public static async Task<License?> FirstWithDetailsAsync(LicenseServerDb db, IQueryable<License> query, CancellationToken ct)
    {
        var row = await query
            .OrderBy(l => l.Created)
            .Select(l => new
            {
                License = l,
                l.Policy,
                l.Owner,
                Attached = db.LicenseUsers.Count(u => u.LicenseId == l.Id),
            })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        row.License.Policy = row.Policy;
        row.License.Owner = row.Owner;
        row.License.AttachedUsers = row.Attached;
        return row.License;
    }

    /// <summary>Fills policy, owner and user counts of a page of licenses loaded without them (two queries at most).</summary>
    public static async Task FillDetailsAsync(LicenseServerDb db, IReadOnlyList<License> licenses, CancellationToken ct)
    {
        if (licenses.Count == 0)
        {
            return;
        }

        var ids = licenses.Select(l => l.Id).ToList();
        var rows = await db.Licenses.AsNoTracking()
            .Where(l => ids.Contains(l.Id))
            .Select(l => new { l.Id, l.Policy, l.Owner, Attached = db.LicenseUsers.Count(u => u.LicenseId == l.Id) })
            .ToDictionaryAsync(r => r.Id, ct);
        foreach (var license in licenses)
        {
            if (rows.TryGetValue(license.Id, out var row))
            {
                license.Policy ??= row.Policy;
                license.Owner ??= row.Owner;
                license.AttachedUsers = row.Attached;
            }
        }
    }

    /// <summary>
    /// The facts a validation needs. The license comes in loaded (with details); users and entitlements are read
    /// only when the scope asks about them. Machine facts stay empty until machines exist.
    /// </summary>
    public static async Task<ValidationFacts> FactsAsync(LicenseServerDb db, License license, ValidationScope? scope, CancellationToken ct)
    {
        IReadOnlyList<LicenseUserFact> users = [];
        if (scope is { HasUser: true, User: not null })
        {
            users = await db.LicenseUsers.AsNoTracking()
                .Where(u => u.LicenseId == license.Id)
                .Join(db.Users, u => u.UserId, user => user.Id, (_, user) => new LicenseUserFact(user.Id, user.Email))
                .ToListAsync(ct);
            if (license.Owner is { } owner)
            {
                users = [new LicenseUserFact(owner.Id, owner.Email), .. users];
            }
        }

        return new ValidationFacts
        {
            License = license,
            Users = users,
            LeasedMachines = license.Machines,
        };
    }
}
