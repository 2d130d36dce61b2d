namespace LicenseServer.Core.Machines;

/// <summary>Loading machines with what their serializer needs (license and policy) and lookup by id or fingerprint.</summary>
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
}
