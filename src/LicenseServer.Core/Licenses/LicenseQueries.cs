using System.Linq.Expressions;
using LicenseServer.Core.Distribution;
using Npgsql;
using static LicenseServer.Core.Policies.PolicyStrategies;

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

    /// <summary>
    /// A license of the account by id or key inside the bearer's scope (optionally narrowed by <paramref name="filter"/>),
    /// with its details; 404 otherwise. Untracked unless <paramref name="track"/>.
    /// </summary>
    public static async Task<License> FindAsync(LicenseServerDb db, Guid accountId, Bearer bearer, string idOrKey, CancellationToken ct,
        bool track = false, Expression<Func<License, bool>>? filter = null)
    {
        var query = ByIdOrKey(LicenseAccess.Scope(db.Licenses.Where(l => l.AccountId == accountId), db, bearer), idOrKey);
        if (filter is not null)
        {
            query = query.Where(filter);
        }

        if (!track)
        {
            query = query.AsNoTracking();
        }

        return await FirstWithDetailsAsync(db, query, ct) ?? throw DomainError.NotFound("license", idOrKey);
    }

    /// <summary>
    /// A read-only <see cref="FindAsync"/>: staff, products and licenses take the license reader's one prepared statement
    /// (their scope is checked on the license read); end users, whose scope needs their license-user rows, take the query.
    /// </summary>
    public static async Task<License> ReadAsync(LicenseServerDb db, LicenseReader reader, Guid accountId, Bearer bearer, string idOrKey,
        CancellationToken ct)
    {
        if (LicenseAccess.NeedsQueryForScope(bearer))
        {
            return await FindAsync(db, accountId, bearer, idOrKey, ct);
        }

        var license = await reader.FindByIdOrKeyAsync(db, accountId, idOrKey, ct);
        return license is not null && LicenseAccess.InScope(license, bearer) ? license : throw DomainError.NotFound("license", idOrKey);
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
                MachineCount = db.Machines.Count(m => m.LicenseId == l.Id),
                Cores = db.Machines.Where(m => m.LicenseId == l.Id).Sum(m => (long?)m.Cores),
                Memory = db.Machines.Where(m => m.LicenseId == l.Id).Sum(m => m.Memory),
                Disk = db.Machines.Where(m => m.LicenseId == l.Id).Sum(m => m.Disk),
            })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        row.License.Policy = row.Policy;
        row.License.Owner = row.Owner;
        row.License.AttachedUsers = row.Attached;
        row.License.Machines = new MachineTotals(row.MachineCount, row.Cores ?? 0, row.Memory ?? 0, row.Disk ?? 0);
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
            .Select(l => new
            {
                l.Id,
                l.Policy,
                l.Owner,
                Attached = db.LicenseUsers.Count(u => u.LicenseId == l.Id),
                MachineCount = db.Machines.Count(m => m.LicenseId == l.Id),
                Cores = db.Machines.Where(m => m.LicenseId == l.Id).Sum(m => (long?)m.Cores),
                Memory = db.Machines.Where(m => m.LicenseId == l.Id).Sum(m => m.Memory),
                Disk = db.Machines.Where(m => m.LicenseId == l.Id).Sum(m => m.Disk),
            })
            .ToDictionaryAsync(r => r.Id, ct);
        foreach (var license in licenses)
        {
            if (rows.TryGetValue(license.Id, out var row))
            {
                license.Policy ??= row.Policy;
                license.Owner ??= row.Owner;
                license.AttachedUsers = row.Attached;
                license.Machines = new MachineTotals(row.MachineCount, row.Cores ?? 0, row.Memory ?? 0, row.Disk ?? 0);
            }
        }
    }

    /// <summary>
    /// The facts a validation needs. The license comes in loaded (with details); users and entitlements are read
    /// only when the scope asks about them. The license's machines are read in one query (with their owner's email,
    /// process count and, for a components scope, the scoped machine's component fingerprints) only when the scope
    /// names a machine or fingerprints, or a strict policy needs per-user or process counts.
    /// </summary>
    public static async Task<ValidationFacts> FactsAsync(LicenseServerDb db, License license, ValidationScope? scope, CancellationToken ct)
    {
        var environmentCode = scope?.Environment is not null && license.EnvironmentId is { } environmentId
            ? await db.Environments.AsNoTracking().Where(e => e.Id == environmentId).Select(e => e.Code).FirstOrDefaultAsync(ct)
            : null;
        IReadOnlyList<LicenseUserFact> users = [];
        var policy = license.LoadedPolicy;
        var perUser = policy.Strict && (policy.MachineLeasingStrategy == LeasingStrategies.PerUser || policy.ProcessLeasingStrategy == LeasingStrategies.PerUser);
        if ((scope is { HasUser: true, User: not null }) || perUser)
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

        IReadOnlySet<string> entitlements = new HashSet<string>();
        if (scope?.Entitlements is { Count: > 0 } codes)
        {
            // One query: the wanted codes held through the policy or the license itself.
            var wanted = codes.Distinct().ToArray();
            var held = await db.Entitlements.AsNoTracking()
                .Where(e => e.AccountId == license.AccountId && wanted.Contains(e.Code)
                    && (db.LicenseEntitlements.Any(le => le.LicenseId == license.Id && le.EntitlementId == e.Id)
                        || db.PolicyEntitlements.Any(pe => pe.PolicyId == license.PolicyId && pe.EntitlementId == e.Id)))
                .Select(e => e.Code)
                .ToListAsync(ct);
            entitlements = held.ToHashSet();
        }

        var (checksumVersion, scopedVersion) = await ReleaseScopesAsync(db, license, scope, ct);
        var fingerprints = scope?.FingerprintList ?? [];
        var namesMachines = scope is not null && (scope.Machine is not null || fingerprints.Count > 0);
        var countsProcesses = policy.Strict && license.EffectiveMaxProcesses is not null;
        if (license.Machines.Count == 0 || !(namesMachines || perUser || countsProcesses))
        {
            return new ValidationFacts
            {
                License = license,
                EnvironmentCode = environmentCode,
                Users = users,
                Entitlements = entitlements,
                LeasedMachines = license.Machines,
                ChecksumVersion = checksumVersion,
                ScopedVersion = scopedVersion,
            };
        }

        var componentsOf = scope?.Components is not null ? scope.Fingerprint : null;
        var rows = await MachineRowsAsync(db, license.Id, componentsOf, ct);

        var now = db.Now();
        var machines = rows.Select(r => new
        {
            Row = r,
            Fact = new MachineFact(r.Id, r.Fingerprint, r.OwnerId, r.OwnerEmail, Machines.Heartbeats.Status(r.LastHeartbeat, r.Created, policy, now), r.Components),
        }).ToList();
        var scopedMachineId = scope?.Machine is { } named && Ids.TryParse(named, out var parsed) ? parsed : (Guid?)null;
        var scoped = machines.Where(m => m.Row.Id == scopedMachineId || fingerprints.Contains(m.Row.Fingerprint)).ToList();

        // PER_USER counts only the scoped user's machines (resolved among license users by id or email; none: no owner).
        var scopedUser = scope is { HasUser: true, User: { } user }
            ? users.FirstOrDefault(u => (Ids.TryParse(user, out var id) && id == u.Id) || string.Equals(user, u.Email, StringComparison.OrdinalIgnoreCase))?.Id
            : null;
        var leased = policy.MachineLeasingStrategy == LeasingStrategies.PerUser ? machines.Where(m => m.Row.OwnerId == scopedUser).ToList() : machines;
        var totals = new MachineTotals(leased.Count, leased.Sum(m => (long)(m.Row.Cores ?? 0)), leased.Sum(m => m.Row.Memory ?? 0), leased.Sum(m => m.Row.Disk ?? 0));

        int processes = 0;
        int? processLimit = license.EffectiveMaxProcesses;
        switch (policy.ProcessLeasingStrategy)
        {
            case LeasingStrategies.PerLicense:
                processes = machines.Sum(m => m.Row.Processes);
                break;
            case LeasingStrategies.PerUser:
                processes = machines.Where(m => m.Row.OwnerId == scopedUser).Sum(m => m.Row.Processes);
                break;
            default:
                var machine = scoped.FirstOrDefault(m => !m.Fact.IsDead);
                processes = machine?.Row.Processes ?? 0;
                processLimit = machine is null ? null : processLimit;
                break;
        }

        return new ValidationFacts
        {
            License = license,
            EnvironmentCode = environmentCode,
            Users = users,
            Entitlements = entitlements,
            ScopedMachines = scoped.Select(m => m.Fact).ToList(),
            LeasedMachines = totals,
            Processes = processes,
            ProcessLimit = processLimit,
            ChecksumVersion = checksumVersion,
            ScopedVersion = scopedVersion,
        };
    }

    /// <summary>
    /// What the <c>checksum</c> and <c>version</c> scopes match (distribution.md §15), one query each and only when given: the
    /// version of the highest release with an uploaded artifact of that checksum, and the version itself when a release has it.
    /// </summary>
    private static async Task<(string? ChecksumVersion, string? ScopedVersion)> ReleaseScopesAsync(LicenseServerDb db, License license,
        ValidationScope? scope, CancellationToken ct)
    {
        if (scope is not { Checksum: not null } and not { Version: not null })
        {
            return (null, null);
        }

        var releases = ReleaseAccess.ForValidation(db, license, db.Now()).AsNoTracking();
        string? checksumVersion = null;
        if (scope.Checksum is { } checksum)
        {
            checksumVersion = await releases
                .Where(r => db.Artifacts.Any(a => a.ReleaseId == r.Id && a.Checksum == checksum && a.Status == ArtifactStatuses.Uploaded))
                .OrderByDescending(r => r.VersionKey).Select(r => r.Version).FirstOrDefaultAsync(ct);
        }

        var version = scope.Version;
        var scopedVersion = version is not null && await releases.AnyAsync(r => r.Version == version, ct) ? version : null;
        return (checksumVersion, scopedVersion);
    }

    /// <summary>One row of <see cref="MachineRowsAsync"/>: a machine as validation sees it.</summary>
    private sealed record MachineRow(Guid Id, string Fingerprint, Guid? OwnerId, string? OwnerEmail, DateTime? LastHeartbeat, DateTime Created,
        int? Cores, long? Memory, long? Disk, int Processes, IReadOnlyList<string> Components);

    /// <summary>
    /// The license's machines with their owner's e-mail and process count and, for the machine whose fingerprint is
    /// <paramref name="componentsOf"/>, its component fingerprints: one prepared statement (validation with a scope runs it).
    /// </summary>
    private static async Task<List<MachineRow>> MachineRowsAsync(LicenseServerDb db, Guid licenseId, string? componentsOf, CancellationToken ct)
    {
        var opened = db.Database.GetDbConnection().State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        try
        {
            await using var command = new NpgsqlCommand("""
                SELECT m.id, m.fingerprint, m.owner_id, u.email, m.last_heartbeat, m.created, m.cores, m.memory, m.disk,
                    (SELECT count(*)::int FROM processes p WHERE p.machine_id = m.id),
                    CASE WHEN m.fingerprint = $2 THEN ARRAY(SELECT c.fingerprint FROM components c WHERE c.machine_id = m.id) END
                FROM machines m LEFT JOIN users u ON u.id = m.owner_id
                WHERE m.license_id = $1
                """, (NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = licenseId });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)componentsOf ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            var rows = new List<MachineRow>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new MachineRow(
                    reader.GetGuid(0),
                    reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetGuid(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetDateTime(4),
                    reader.GetDateTime(5),
                    reader.IsDBNull(6) ? null : reader.GetInt32(6),
                    reader.IsDBNull(7) ? null : reader.GetInt64(7),
                    reader.IsDBNull(8) ? null : reader.GetInt64(8),
                    reader.GetInt32(9),
                    reader.IsDBNull(10) ? [] : reader.GetFieldValue<string[]>(10)));
            }

            return rows;
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
