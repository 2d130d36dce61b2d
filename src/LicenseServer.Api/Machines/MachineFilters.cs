using System.Text.RegularExpressions;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Machines;

namespace LicenseServer.Api.Machines;

/// <summary>The query-string filters of GET /machines (resources.md §1.7), applied only when present.</summary>
public static partial class MachineFilters
{
    public static IQueryable<Machine> Apply(IQueryable<Machine> query, LicenseServerDb db, IQueryCollection filter, DateTime now)
    {
        foreach (var (name, values) in filter)
        {
            if (name.StartsWith("metadata[", StringComparison.Ordinal) && name.EndsWith(']'))
            {
                query = Metadata(query, Casing.ToSnake(name["metadata[".Length..^1]), values.ToString());
            }
        }

        if (filter.TryGetValue("fingerprint", out var fingerprint))
        {
            var value = fingerprint.ToString();
            query = query.Where(m => m.Fingerprint == value);
        }

        if (filter.TryGetValue("ip", out var ip))
        {
            var value = ip.ToString();
            query = query.Where(m => m.Ip == value);
        }

        if (filter.TryGetValue("hostname", out var hostname))
        {
            var value = hostname.ToString();
            query = query.Where(m => m.Hostname == value);
        }

        if (filter.TryGetValue("status", out var status))
        {
            query = status.ToString().ToUpperInvariant() switch
            {
                Heartbeats.Alive => query.Where(m => m.LastHeartbeat != null
                    && m.LastHeartbeat.Value.AddSeconds(m.License!.Policy!.HeartbeatDuration ?? Heartbeats.DefaultDuration) >= now),
                Heartbeats.Dead => query.Where(m => m.LastHeartbeat != null
                    ? m.LastHeartbeat.Value.AddSeconds(m.License!.Policy!.HeartbeatDuration ?? Heartbeats.DefaultDuration) < now
                    : m.License!.Policy!.RequireHeartbeat && m.Created.AddSeconds(m.License!.Policy!.HeartbeatDuration ?? Heartbeats.DefaultDuration) < now),
                _ => query.Where(_ => false),
            };
        }

        if (filter.TryGetValue("product", out var product))
        {
            query = Ids.TryParse(product, out var id) ? query.Where(m => m.License!.ProductId == id) : query.Where(_ => false);
        }

        if (filter.TryGetValue("policy", out var policy))
        {
            query = Ids.TryParse(policy, out var id) ? query.Where(m => m.License!.PolicyId == id) : query.Where(_ => false);
        }

        if (filter.TryGetValue("license", out var license))
        {
            var licenses = LicenseQueries.ByIdOrKey(db.Licenses, license.ToString()).Select(l => l.Id);
            query = query.Where(m => licenses.Contains(m.LicenseId));
        }

        if (filter.TryGetValue("key", out var key))
        {
            var digest = LicenseKeys.Digest(key.ToString());
            query = query.Where(m => m.License!.KeyDigest == digest);
        }

        if (filter.TryGetValue("owner", out var owner))
        {
            var users = Users(db, owner.ToString());
            query = query.Where(m => m.OwnerId != null && users.Contains(m.OwnerId.Value));
        }

        if (filter.TryGetValue("user", out var user))
        {
            var users = Users(db, user.ToString());
            query = query.Where(m => (m.OwnerId != null && users.Contains(m.OwnerId.Value))
                || (m.License!.OwnerId != null && users.Contains(m.License.OwnerId.Value))
                || db.LicenseUsers.Any(lu => lu.LicenseId == m.LicenseId && users.Contains(lu.UserId)));
        }

        if (filter.TryGetValue("group", out var group))
        {
            query = Ids.TryParse(group, out var id) ? query.Where(m => m.GroupId == id) : query.Where(_ => false);
        }

        return query;
    }

    /// <summary>Ids of the users named by id or email.</summary>
    public static IQueryable<Guid> Users(LicenseServerDb db, string value)
    {
        var email = value.ToLowerInvariant();
        var hasId = Ids.TryParse(value, out var id);
        return db.Users.Where(u => hasId ? u.Id == id : u.Email == email).Select(u => u.Id);
    }

    /// <summary>metadata[key]=value: matches the string, and for true/false/null/numbers the typed JSON value too.</summary>
    private static IQueryable<Machine> Metadata(IQueryable<Machine> query, string key, string value)
    {
        var asString = JsonSerializer.Serialize(new Dictionary<string, string> { [key] = value });
        string? typed = value is "true" or "false" or "null" || JsonNumber().IsMatch(value)
            ? $"{{{JsonSerializer.Serialize(key)}:{value}}}"
            : null;
        return typed is null
            ? query.Where(m => EF.Functions.JsonContains(m.Metadata, asString))
            : query.Where(m => EF.Functions.JsonContains(m.Metadata, asString) || EF.Functions.JsonContains(m.Metadata, typed));
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]{0,17})(\.[0-9]{1,17})?$")]
    private static partial Regex JsonNumber();
}
