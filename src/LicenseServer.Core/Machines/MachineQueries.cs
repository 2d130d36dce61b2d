using System.Linq.Expressions;

namespace LicenseServer.Core.Machines;

/// <summary>
/// Loading machines, components and processes with what their serializers need (the machine, its license and policy),
/// and finding them inside the caller's scope: a machine by id or fingerprint, a component or process by id.
/// </summary>
public static class MachineQueries
{
    public static IQueryable<Machine> WithLicense(IQueryable<Machine> machines) =>
        machines.Include(m => m.License).ThenInclude(l => l!.Policy);

    /// <summary>Machines whose id or fingerprint is <paramref name="idOrFingerprint"/>; the id is tried only when it looks like a UUID.</summary>
    public static IQueryable<Machine> ByIdOrFingerprint(IQueryable<Machine> machines, string idOrFingerprint) =>
        Ids.TryParse(idOrFingerprint, out var id)
            ? machines.Where(m => m.Id == id || m.Fingerprint == idOrFingerprint)
            : machines.Where(m => m.Fingerprint == idOrFingerprint);

    /// <summary>The oldest match (an id match first), or null.</summary>
    public static Task<Machine?> FirstAsync(IQueryable<Machine> query, string idOrFingerprint, CancellationToken ct)
    {
        var isId = Ids.TryParse(idOrFingerprint, out var id);
        return WithLicense(ByIdOrFingerprint(query, idOrFingerprint))
            .OrderBy(m => isId && m.Id == id ? 0 : 1)
            .ThenBy(m => m.Created)
            .FirstOrDefaultAsync(ct);
    }

    public static IQueryable<Component> ComponentsWithMachine(IQueryable<Component> components) =>
        components.Include(c => c.Machine).ThenInclude(m => m!.License).ThenInclude(l => l!.Policy);

    public static IQueryable<MachineProcess> ProcessesWithMachine(IQueryable<MachineProcess> processes) =>
        processes.Include(p => p.Machine).ThenInclude(m => m!.License).ThenInclude(l => l!.Policy);

    /// <summary>
    /// A machine of the account by id or fingerprint inside the bearer's scope (optionally narrowed by
    /// <paramref name="filter"/>), with its license and policy; 404 otherwise. Untracked unless <paramref name="track"/>.
    /// </summary>
    public static async Task<Machine> FindAsync(LicenseServerDb db, Guid accountId, Bearer bearer, string idOrFingerprint, CancellationToken ct,
        bool track = false, Expression<Func<Machine, bool>>? filter = null)
    {
        var query = MachineAccess.Scope(db.Machines.Where(m => m.AccountId == accountId), db, bearer);
        if (filter is not null)
        {
            query = query.Where(filter);
        }

        if (!track)
        {
            query = query.AsNoTracking();
        }

        return await FirstAsync(query, idOrFingerprint, ct) ?? throw DomainError.NotFound("machine", idOrFingerprint);
    }

    /// <summary>The components of the account's machines the bearer may see.</summary>
    public static IQueryable<Component> Components(LicenseServerDb db, Guid accountId, Bearer bearer)
    {
        var machines = VisibleIds(db, accountId, bearer);
        return db.Components.Where(c => c.AccountId == accountId && machines.Contains(c.MachineId));
    }

    /// <summary>The processes of the account's machines the bearer may see.</summary>
    public static IQueryable<MachineProcess> Processes(LicenseServerDb db, Guid accountId, Bearer bearer)
    {
        var machines = VisibleIds(db, accountId, bearer);
        return db.Processes.Where(p => p.AccountId == accountId && machines.Contains(p.MachineId));
    }

    /// <summary>A component by id inside the bearer's scope, with its machine, license and policy; 404 otherwise.</summary>
    public static Task<Component> FindComponentAsync(LicenseServerDb db, Guid accountId, Bearer bearer, string id, CancellationToken ct, bool track = false) =>
        Lookup.FindAsync(ComponentsWithMachine(Components(db, accountId, bearer)), "component", id, ct, track);

    /// <summary>A process by id inside the bearer's scope, with its machine, license and policy; 404 otherwise.</summary>
    public static Task<MachineProcess> FindProcessAsync(LicenseServerDb db, Guid accountId, Bearer bearer, string id, CancellationToken ct, bool track = false) =>
        Lookup.FindAsync(ProcessesWithMachine(Processes(db, accountId, bearer)), "process", id, ct, track);

    private static IQueryable<Guid> VisibleIds(LicenseServerDb db, Guid accountId, Bearer bearer) =>
        MachineAccess.Scope(db.Machines.Where(m => m.AccountId == accountId), db, bearer).Select(m => m.Id);
}
