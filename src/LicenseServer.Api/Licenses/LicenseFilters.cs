using System.Text.Json;
using System.Text.RegularExpressions;
using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using LicenseServer.Core.Licenses;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Api.Licenses;

/// <summary>The query-string filters of <c>GET /licenses</c> (resources.md §1.7), applied only when present.</summary>
public static partial class LicenseFilters
{
    public static IQueryable<License> Apply(IQueryable<License> query, LicenseServerDb db, IQueryCollection filter, DateTime now)
    {
        if (filter.TryGetValue("product", out var product))
        {
            query = Ids.TryParse(product, out var id) ? query.Where(l => l.ProductId == id) : query.Where(_ => false);
        }

        if (filter.TryGetValue("policy", out var policy))
        {
            query = Ids.TryParse(policy, out var id) ? query.Where(l => l.PolicyId == id) : query.Where(_ => false);
        }

        if (filter.TryGetValue("owner", out var owner))
        {
            var value = owner.ToString();
            query = Ids.TryParse(value, out var id)
                ? query.Where(l => l.OwnerId == id)
                : query.Where(l => l.Owner != null && l.Owner.Email == value.ToLowerInvariant());
        }

        if (filter.TryGetValue("user", out var user))
        {
            var value = user.ToString();
            var email = value.ToLowerInvariant();
            var hasId = Ids.TryParse(value, out var id);
            var users = db.Users.Where(u => hasId ? u.Id == id : u.Email == email).Select(u => u.Id);
            query = query.Where(l => (l.OwnerId != null && users.Contains(l.OwnerId.Value))
                || db.LicenseUsers.Any(lu => lu.LicenseId == l.Id && users.Contains(lu.UserId)));
        }

        if (filter.TryGetValue("group", out var group))
        {
            query = Ids.TryParse(group, out var id) ? query.Where(l => l.GroupId == id) : query.Where(_ => false);
        }

        if (filter.TryGetValue("machine", out var machine))
        {
            var machines = Core.Machines.MachineQueries.ByIdOrFingerprint(db.Machines, machine.ToString()).Select(m => m.LicenseId);
            query = query.Where(l => machines.Contains(l.Id));
        }

        if (Flag(filter, "suspended") is { } suspended)
        {
            query = query.Where(l => l.Suspended == suspended);
        }

        if (Flag(filter, "expired") is { } expired)
        {
            query = expired ? query.Where(l => l.Expiry != null && l.Expiry <= now) : query.Where(l => l.Expiry == null || l.Expiry > now);
        }

        if (Flag(filter, "expiring") is { } expiring)
        {
            var soon = now + License.ExpiringWindow;
            query = expiring
                ? query.Where(l => l.Expiry != null && l.Expiry > now && l.Expiry <= soon)
                : query.Where(l => l.Expiry == null || l.Expiry <= now || l.Expiry > soon);
        }

        if (Flag(filter, "assigned") is { } assigned)
        {
            query = query.Where(l => (l.OwnerId != null || db.LicenseUsers.Any(u => u.LicenseId == l.Id)) == assigned);
        }

        if (Flag(filter, "unassigned") is { } unassigned)
        {
            query = query.Where(l => (l.OwnerId == null && !db.LicenseUsers.Any(u => u.LicenseId == l.Id)) == unassigned);
        }

        if (Flag(filter, "activated") is { } activated)
        {
            query = query.Where(l => db.Machines.Any(m => m.LicenseId == l.Id) == activated);
        }

        if (filter.TryGetValue("status", out var status))
        {
            query = Status(query, status.ToString().ToUpperInvariant(), now);
        }

        foreach (var (name, values) in filter)
        {
            if (name.StartsWith("metadata[", StringComparison.Ordinal) && name.EndsWith(']'))
            {
                var key = Casing.ToSnake(name["metadata[".Length..^1]);
                query = Metadata(query, key, values.ToString());
            }
        }

        return query;
    }

    /// <summary>Status in its precedence order: BANNED &gt; SUSPENDED &gt; EXPIRED &gt; EXPIRING &gt; INACTIVE &gt; ACTIVE.</summary>
    private static IQueryable<License> Status(IQueryable<License> query, string status, DateTime now)
    {
        var soon = now + License.ExpiringWindow;
        var since = now - License.InactiveWindow;
        var notBanned = query.Where(l => l.Owner == null || l.Owner.BannedAt == null);
        var notSuspended = notBanned.Where(l => !l.Suspended);
        var notExpired = notSuspended.Where(l => l.Expiry == null || l.Expiry > now);
        var notExpiring = notExpired.Where(l => l.Expiry == null || l.Expiry > soon);
        return status switch
        {
            "BANNED" => query.Where(l => l.Owner != null && l.Owner.BannedAt != null),
            "SUSPENDED" => notBanned.Where(l => l.Suspended),
            "EXPIRED" => notSuspended.Where(l => l.Expiry != null && l.Expiry <= now),
            "EXPIRING" => notExpired.Where(l => l.Expiry != null && l.Expiry <= soon),
            "INACTIVE" => notExpiring.Where(l => l.Created < since
                && (l.LastValidated == null || l.LastValidated < since)
                && (l.LastCheckIn == null || l.LastCheckIn < since)
                && (l.LastCheckOut == null || l.LastCheckOut < since)),
            "ACTIVE" => notExpiring.Where(l => l.Created >= since || l.LastValidated >= since || l.LastCheckIn >= since || l.LastCheckOut >= since),
            _ => query.Where(_ => false),
        };
    }

    /// <summary>metadata[key]=value: matches the string, and for true/false/null/numbers the typed JSON value too.</summary>
    private static IQueryable<License> Metadata(IQueryable<License> query, string key, string value)
    {
        var asString = JsonSerializer.Serialize(new Dictionary<string, string> { [key] = value });
        string? typed = value switch
        {
            "true" or "false" or "null" => $"{{{JsonSerializer.Serialize(key)}:{value}}}",
            _ when JsonNumber().IsMatch(value) => $"{{{JsonSerializer.Serialize(key)}:{value}}}",
            _ => null,
        };
        return typed is null
            ? query.Where(l => EF.Functions.JsonContains(l.Metadata, asString))
            : query.Where(l => EF.Functions.JsonContains(l.Metadata, asString) || EF.Functions.JsonContains(l.Metadata, typed));
    }

    private static bool? Flag(IQueryCollection filter, string name) =>
        filter.TryGetValue(name, out var value)
            ? value.ToString().ToLowerInvariant() switch
            {
                "true" or "1" => true,
                "false" or "0" => false,
                _ => null,
            }
            : null;

    [GeneratedRegex(@"^-?(0|[1-9][0-9]{0,17})(\.[0-9]{1,17})?$")]
    private static partial Regex JsonNumber();
}
