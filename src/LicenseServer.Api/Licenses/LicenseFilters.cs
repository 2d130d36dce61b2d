using System.Globalization;
using System.Text.RegularExpressions;
using LicenseServer.Core.Licenses;

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

        query = Expiry(query, filter, "expires", now, expired: false);
        query = Expiry(query, filter, "expired", now, expired: true);
        query = Activity(query, filter, now);
        query = Activations(query, db, filter);

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

    /// <summary>
    /// expires[…] (not expired yet) and expired[…] (already expired) narrowed by when: <c>within</c> a duration of now,
    /// <c>in</c> a duration (on the day that lands on), <c>before</c>/<c>after</c> a time, <c>on</c> a date.
    /// </summary>
    private static IQueryable<License> Expiry(IQueryable<License> query, IQueryCollection filter, string name, DateTime now, bool expired)
    {
        var sign = expired ? -1 : 1;
        var any = false;
        foreach (var (op, value) in Operators(filter, name))
        {
            any |= op is "within" or "in" or "before" or "after" or "on";
            query = op switch
            {
                "within" => FilterValues.TryShift(value, now, sign, out var edge)
                    ? expired ? query.Where(l => l.Expiry >= edge) : query.Where(l => l.Expiry <= edge)
                    : query.Where(_ => false),
                "in" => FilterValues.TryShift(value, now, sign, out var day) ? OnDay(query, day.Date) : query.Where(_ => false),
                "before" => FilterValues.TryTime(value, out var before) ? query.Where(l => l.Expiry < before) : query.Where(_ => false),
                "after" => FilterValues.TryTime(value, out var after) ? query.Where(l => l.Expiry > after) : query.Where(_ => false),
                "on" => FilterValues.TryDate(value, out var on) ? OnDay(query, on) : query.Where(_ => false),
                _ => query,
            };
        }

        return !any ? query : expired
            ? query.Where(l => l.Expiry != null && l.Expiry <= now)
            : query.Where(l => l.Expiry != null && l.Expiry > now);
    }

    private static IQueryable<License> OnDay(IQueryable<License> query, DateTime day)
    {
        var start = DateTime.SpecifyKind(day, DateTimeKind.Utc);
        var end = start.AddDays(1);
        return query.Where(l => l.Expiry >= start && l.Expiry < end);
    }

    /// <summary>
    /// activity[…]: activity is creation, validation, check-in or check-out (as for the INACTIVE status). <c>inside</c> a
    /// duration or <c>after</c> a time: some activity since then; <c>outside</c> a duration or <c>before</c> a time: none since.
    /// </summary>
    private static IQueryable<License> Activity(IQueryable<License> query, IQueryCollection filter, DateTime now)
    {
        foreach (var (op, value) in Operators(filter, "activity"))
        {
            if (op is not ("inside" or "outside" or "before" or "after"))
            {
                continue;
            }

            var parsed = op is "inside" or "outside" ? FilterValues.TryShift(value, now, -1, out var since) : FilterValues.TryTime(value, out since);
            query = !parsed
                ? query.Where(_ => false)
                : op is "inside" or "after"
                    ? query.Where(l => l.Created >= since || l.LastValidated >= since || l.LastCheckIn >= since || l.LastCheckOut >= since)
                    : query.Where(l => l.Created < since
                        && (l.LastValidated == null || l.LastValidated < since)
                        && (l.LastCheckIn == null || l.LastCheckIn < since)
                        && (l.LastCheckOut == null || l.LastCheckOut < since));
        }

        return query;
    }

    /// <summary>activations[eq|gt|gte|lt|lte]=n: the number of machines, as a correlated count in the same query.</summary>
    private static IQueryable<License> Activations(IQueryable<License> query, LicenseServerDb db, IQueryCollection filter)
    {
        foreach (var (op, value) in Operators(filter, "activations"))
        {
            if (op is not ("eq" or "gt" or "gte" or "lt" or "lte"))
            {
                continue;
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                query = query.Where(_ => false);
                continue;
            }

            query = op switch
            {
                "eq" => query.Where(l => db.Machines.Count(m => m.LicenseId == l.Id) == n),
                "gt" => query.Where(l => db.Machines.Count(m => m.LicenseId == l.Id) > n),
                "gte" => query.Where(l => db.Machines.Count(m => m.LicenseId == l.Id) >= n),
                "lt" => query.Where(l => db.Machines.Count(m => m.LicenseId == l.Id) < n),
                _ => query.Where(l => db.Machines.Count(m => m.LicenseId == l.Id) <= n),
            };
        }

        return query;
    }

    /// <summary>The <c>name[op]=value</c> parameters, operator lower-cased.</summary>
    private static IEnumerable<(string Op, string Value)> Operators(IQueryCollection filter, string name)
    {
        var prefix = name + "[";
        foreach (var (key, values) in filter)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && key.EndsWith(']'))
            {
                yield return (key[prefix.Length..^1].ToLowerInvariant(), values.ToString());
            }
        }
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
