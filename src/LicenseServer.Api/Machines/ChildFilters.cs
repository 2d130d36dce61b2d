using LicenseServer.Core.Machines;

namespace LicenseServer.Api.Machines;

/// <summary>The filters of GET /components and GET /processes (resources.md §1.7): product, machine, license, owner, user, status.</summary>
public static class ChildFilters
{
    /// <summary>Ids of the machines the product/machine/license/owner/user filters leave, or null when none is given.</summary>
    public static IQueryable<Guid>? Machines(LicenseServerDb db, Guid accountId, IQueryCollection filter, DateTime now)
    {
        var machines = db.Machines.Where(m => m.AccountId == accountId);
        var filtered = false;
        if (filter.TryGetValue("product", out var product))
        {
            machines = Ids.TryParse(product, out var id) ? machines.Where(m => m.License!.ProductId == id) : machines.Where(_ => false);
            filtered = true;
        }

        if (filter.TryGetValue("machine", out var machine))
        {
            machines = MachineQueries.ByIdOrFingerprint(machines, machine.ToString());
            filtered = true;
        }

        foreach (var name in new[] { "license", "owner", "user" })
        {
            if (filter.ContainsKey(name))
            {
                var only = new QueryCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues> { [name] = filter[name] });
                machines = MachineFilters.Apply(machines, db, only, now);
                filtered = true;
            }
        }

        return filtered ? machines.Select(m => m.Id) : null;
    }

    /// <summary><paramref name="now"/> is the database clock's, for the machine filters' heartbeat arithmetic.</summary>
    public static IQueryable<Component> Apply(IQueryable<Component> query, LicenseServerDb db, Guid accountId, IQueryCollection filter, DateTime now) =>
        Machines(db, accountId, filter, now) is { } ids ? query.Where(c => ids.Contains(c.MachineId)) : query;

    public static IQueryable<MachineProcess> Apply(IQueryable<MachineProcess> query, LicenseServerDb db, Guid accountId, IQueryCollection filter, DateTime now) =>
        Machines(db, accountId, filter, now) is { } ids ? query.Where(p => ids.Contains(p.MachineId)) : query;
}
