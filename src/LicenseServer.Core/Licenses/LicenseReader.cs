using System.Collections.Concurrent;
using LicenseServer.Core.Environments;
using LicenseServer.Core.Policies;
using LicenseServer.Core.Users;
using Npgsql;

namespace LicenseServer.Core.Licenses;

/// <summary>
/// The hot-path reads of a license (validate-key, license-key and license-token authentication): one prepared statement
/// answers the license with its owner, attached-user count and machine totals, as <see cref="LicenseQueries.FirstWithDetailsAsync"/>
/// does. The policy comes from a cache checked against the policy row's version (<c>xmin</c>), read in that same
/// statement: a policy changed by any node is reloaded, never used stale. Every license gets its own copy of the policy,
/// so a caller may change or attach what it is given.
/// </summary>
public sealed class LicenseReader
{
    /// <summary>Policies kept at most; past this the cache starts again (they reload on demand).</summary>
    private const int MaxCachedPolicies = 10_000;

    private readonly DataSources _sources;
    private readonly RowReader<License> _licenses;
    private readonly RowReader<User> _users;
    private readonly RowReader<Policy> _policies;
    private readonly string _byKey;
    private readonly string _byId;
    private readonly string _byIdOrKey;
    private readonly string _policyById;
    private readonly ConcurrentDictionary<Guid, (uint Version, Policy Policy)> _policyCache = new();

    public LicenseReader(DataSources sources, IDbContextFactory<LicenseServerDb> contexts)
    {
        _sources = sources;
        using (var db = contexts.CreateDbContext())
        {
            _licenses = new RowReader<License>(db.Model);
            _users = new RowReader<User>(db.Model);
            _policies = new RowReader<Policy>(db.Model);
        }

        var select = $"""
            SELECT {_licenses.Columns("l")}, {_users.Columns("o")}, p.xmin,
                (SELECT count(*)::int FROM license_users lu WHERE lu.license_id = l.id),
                m.count, m.cores, m.memory, m.disk
            FROM licenses l
            JOIN policies p ON p.id = l.policy_id
            LEFT JOIN users o ON o.id = l.owner_id
            CROSS JOIN LATERAL (
                SELECT count(*)::int AS count, coalesce(sum(cores), 0)::bigint AS cores,
                    coalesce(sum(memory), 0)::bigint AS memory, coalesce(sum(disk), 0)::bigint AS disk
                FROM machines WHERE license_id = l.id) m
            """;
        // Keys are unique per account (and ids everywhere), so these find one row at most: no sort, no limit.
        // The current environment's view applies as it does to every EF query (enterprise.md §2.3).
        _byKey = select + $" WHERE l.account_id = $1 AND l.key_digest = $2 AND {EnvironmentView.Condition("l", 3)}";
        _byId = select + $" WHERE l.account_id = $1 AND l.id = $2 AND {EnvironmentView.Condition("l", 3)}";
        _byIdOrKey = select + $" WHERE l.account_id = $1 AND (l.id = $2 OR l.key_digest = $3) AND {EnvironmentView.Condition("l", 4)} ORDER BY l.created LIMIT 1";
        _policyById = $"SELECT {_policies.Columns("p")}, p.xmin FROM policies p WHERE p.id = $1";
    }

    /// <summary>
    /// The account's license with this key, with its details; null when there is none. Each read is made where
    /// <paramref name="db"/> reads (<see cref="DataSources.ReadAsync"/>).
    /// </summary>
    public Task<License?> FindByKeyAsync(LicenseServerDb db, Guid accountId, string key, CancellationToken ct)
    {
        var digest = LicenseKeys.Digest(key);
        return _sources.ReadAsync(db, source => FindAsync(source, db, _byKey, accountId, digest, ct));
    }

    /// <summary>The account's license with this id, with its details; null when there is none.</summary>
    public Task<License?> FindByIdAsync(LicenseServerDb db, Guid accountId, Guid id, CancellationToken ct) =>
        _sources.ReadAsync(db, source => FindAsync(source, db, _byId, accountId, id, ct));

    /// <summary>The account's oldest license whose id or key is <paramref name="idOrKey"/>, as <see cref="LicenseQueries.ByIdOrKey"/> finds it.</summary>
    public Task<License?> FindByIdOrKeyAsync(LicenseServerDb db, Guid accountId, string idOrKey, CancellationToken ct)
    {
        if (!Common.Ids.TryParse(idOrKey, out var id))
        {
            return FindByKeyAsync(db, accountId, idOrKey, ct);
        }

        var digest = LicenseKeys.Digest(idOrKey);
        return _sources.ReadAsync(db, source => FindAsync(source, db, _byIdOrKey, accountId, id, ct, digest));
    }

    private async Task<License?> FindAsync<TValue>(NpgsqlDataSource source, LicenseServerDb db, string sql, Guid accountId, TValue value, CancellationToken ct,
        string? digest = null)
    {
        License license;
        uint policyVersion;
        await using (var command = source.CreateCommand(sql))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = accountId });
            command.Parameters.Add(new NpgsqlParameter<TValue> { TypedValue = value });
            if (digest is not null)
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = digest });
            }

            EnvironmentView.AddParameters(command, db);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            license = _licenses.Read(reader);
            var next = _licenses.Width;
            license.Owner = reader.IsDBNull(next) ? null : _users.Read(reader, next);
            next += _users.Width;
            policyVersion = reader.GetFieldValue<uint>(next);
            license.AttachedUsers = reader.GetInt32(next + 1);
            license.Machines = new MachineTotals(reader.GetInt32(next + 2), reader.GetInt64(next + 3), reader.GetInt64(next + 4), reader.GetInt64(next + 5));
        }

        // A policy deleted since (its licenses go with it) leaves nothing to answer.
        license.Policy = await PolicyAsync(source, license.PolicyId, policyVersion, ct);
        return license.Policy is null ? null : license;
    }

    /// <summary>The policy at <paramref name="version"/>: cached, or read again (and cached) when it has changed since.</summary>
    private async Task<Policy?> PolicyAsync(NpgsqlDataSource source, Guid id, uint version, CancellationToken ct)
    {
        if (_policyCache.TryGetValue(id, out var cached) && cached.Version == version)
        {
            return _policies.Copy(cached.Policy);
        }

        await using var command = source.CreateCommand(_policyById);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var policy = _policies.Read(reader);
        var current = reader.GetFieldValue<uint>(_policies.Width);
        if (_policyCache.Count >= MaxCachedPolicies)
        {
            _policyCache.Clear();
        }

        _policyCache[id] = (current, policy);
        return _policies.Copy(policy);
    }
}
