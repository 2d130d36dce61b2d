using LicenseServer.Core.Environments;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Policies;
using Npgsql;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Core.Machines;

/// <summary>
/// Activation rules (behaviour.md §4.1–§4.3): attribute checks, fingerprint uniqueness and the machine,
/// core, memory and disk limits. Limits are counted inside a transaction after <see cref="LockLicenseAsync"/>,
/// so concurrent activations (also from other server processes) see each other's machines.
/// </summary>
public static class MachineRules
{
    public const int MaxFingerprint = 4096;
    public const int MaxText = 255;

    /// <summary>
    /// Serializes activations, deactivations and limit changes of one license: a transaction-scoped advisory lock
    /// keyed on the license id (it does not block the license row itself, so usage counters are unaffected).
    /// </summary>
    public static Task LockLicenseAsync(LicenseServerDb db, Guid licenseId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"machines:" + licenseId}, 0))", ct);

    /// <summary>Serializes activations of one fingerprint in an account, for uniqueness wider than a license. Take it after the license lock.</summary>
    public static Task LockFingerprintAsync(LicenseServerDb db, Guid accountId, string fingerprint, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"fingerprint:" + accountId + ":" + fingerprint}, 0))", ct);

    /// <summary>Throws every attribute rule the machine breaks, in this order, as one 422 "Unprocessable resource".</summary>
    public static void ValidateAttributes(Machine machine)
    {
        var errors = new ValidationErrors();
        if (machine.Fingerprint.Length > MaxFingerprint)
        {
            errors.Add("/data/attributes/fingerprint", "FINGERPRINT_TOO_LONG", $"is too long (maximum is {MaxFingerprint} characters)");
        }

        if (machine.Fingerprint is "action" or "actions")
        {
            errors.Add("/data/attributes/fingerprint", "FINGERPRINT_NOT_ALLOWED", "is reserved");
        }

        CheckText(ref errors, machine.Name, "name");
        CheckText(ref errors, machine.Ip, "ip");
        CheckText(ref errors, machine.Hostname, "hostname");
        CheckText(ref errors, machine.Platform, "platform");
        CheckPositive(ref errors, machine.Cores, "cores");
        CheckPositive(ref errors, machine.Memory, "memory");
        CheckPositive(ref errors, machine.Disk, "disk");
        errors.ThrowIfAny();
    }

    private static void CheckText(ref ValidationErrors errors, string? value, string name)
    {
        if (value is { Length: > MaxText })
        {
            errors.Add($"/data/attributes/{name}", $"{name.ToUpperInvariant()}_TOO_LONG", $"is too long (maximum is {MaxText} characters)");
        }
    }

    private static void CheckPositive(ref ValidationErrors errors, long? value, string name)
    {
        if (value is < 1)
        {
            errors.Add($"/data/attributes/{name}", $"{name.ToUpperInvariant()}_INVALID", "must be greater than or equal to 1");
        }
    }

    /// <summary>
    /// Fingerprint uniqueness per the policy's strategy (always per license, from <paramref name="machines"/>), then the
    /// UUID conflict rule.
    /// </summary>
    public static async Task CheckFingerprintAsync(LicenseServerDb db, Machine machine, License license, LicenseMachines machines, CancellationToken ct)
    {
        var policy = license.LoadedPolicy;
        var fingerprint = machine.Fingerprint;
        if (machines.FingerprintTaken)
        {
            throw Taken("has already been taken");
        }

        var same = db.Machines.Where(m => m.AccountId == machine.AccountId && m.Fingerprint == fingerprint && m.Id != machine.Id);
        var detail = policy.MachineUniquenessStrategy switch
        {
            UniquenessStrategies.UniquePerAccount when await same.AnyAsync(ct) => "has already been taken for this account",
            UniquenessStrategies.UniquePerProduct when await same.AnyAsync(m => m.License!.ProductId == license.ProductId, ct) => "has already been taken for this product",
            UniquenessStrategies.UniquePerPolicy when await same.AnyAsync(m => m.License!.PolicyId == license.PolicyId, ct) => "has already been taken for this policy",
            _ => null,
        };
        if (detail is not null)
        {
            throw Taken(detail);
        }

        if (Ids.TryParse(fingerprint, out var asId) && await db.Machines.AnyAsync(m => m.AccountId == machine.AccountId && m.Id == asId, ct))
        {
            throw DomainError.Invalid("/data/attributes/fingerprint", "FINGERPRINT_CONFLICT", "must not conflict with another machine's identifier (UUID)");
        }
    }

    /// <summary>
    /// The group of the user who is to own a machine of <paramref name="license"/>: 422 <c>{RELATIONSHIP}_NOT_FOUND</c>
    /// when the account has no such user, <c>{RELATIONSHIP}_INVALID</c> when they are neither its owner nor one of its users.
    /// </summary>
    public static async Task<Guid?> OwnerGroupAsync(LicenseServerDb db, License license, Guid userId, string relationship, CancellationToken ct)
    {
        var owner = await db.Users.AsNoTracking().Where(u => u.AccountId == license.AccountId && u.Id == userId)
            .Select(u => new { u.GroupId }).FirstOrDefaultAsync(ct)
            ?? throw await RelatedRecords.MissingAsync(db, db.Users, license.AccountId, userId, relationship,
                DomainError.Invalid($"/data/relationships/{relationship}", $"{relationship.ToUpperInvariant()}_NOT_FOUND", "must exist"), ct);
        if (license.OwnerId != userId && !await db.LicenseUsers.AnyAsync(u => u.LicenseId == license.Id && u.UserId == userId, ct))
        {
            throw DomainError.Invalid($"/data/relationships/{relationship}", $"{relationship.ToUpperInvariant()}_INVALID", "must be a valid license user");
        }

        return owner.GroupId;
    }

    /// <summary>A client-chosen machine id must not be taken (422 ID_CONFLICT); checked before the attributes.</summary>
    public static async Task CheckIdAvailableAsync(LicenseServerDb db, Guid id, CancellationToken ct)
    {
        if (await db.Machines.AnyAsync(m => m.Id == id, ct))
        {
            throw DomainError.Invalid("/data/id", "ID_CONFLICT", "must not conflict with another machine");
        }
    }

    /// <summary>The group a new machine joins when none is given: its license's, else its owner's.</summary>
    public static Guid? DefaultGroup(License license, Guid? ownerGroup) => license.GroupId ?? ownerGroup;

    public static DomainError Taken(string detail) => DomainError.Invalid("/data/attributes/fingerprint", "FINGERPRINT_TAKEN", detail);

    /// <summary>The machine limit of a license: its override, the policy's, or 1 for a node-locked policy.</summary>
    public static int? MachineLimit(License license) =>
        license.EffectiveMaxMachines ?? (license.LoadedPolicy.Floating ? null : 1);

    /// <summary>
    /// Takes the license's activation lock (<see cref="LockLicenseAsync"/>) and counts its other machines in the same round
    /// trip: what activation checks next (<see cref="CheckFingerprintAsync"/>, <see cref="CheckLimits"/>).
    /// </summary>
    public static async Task<LicenseMachines> LockAndCountAsync(LicenseServerDb db, Machine machine, License license, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        // The same lock as LockLicenseAsync, then the count, sent together.
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        {
            Parameters = { new NpgsqlParameter<string> { TypedValue = "machines:" + license.Id } },
        });

        // The license's other machines; "leased" are all of them, or under PER_USER leasing only the machine owner's.
        var perUser = license.LoadedPolicy.MachineLeasingStrategy == LeasingStrategies.PerUser;
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT coalesce(bool_or(fingerprint = $3), false),
                count(*)::int,
                count(*) FILTER (WHERE leased)::int,
                coalesce(sum(cores) FILTER (WHERE leased), 0)::bigint,
                coalesce(sum(memory) FILTER (WHERE leased), 0)::bigint,
                coalesce(sum(disk) FILTER (WHERE leased), 0)::bigint
            FROM (SELECT fingerprint, cores, memory, disk, (NOT $4 OR owner_id IS NOT DISTINCT FROM $5) AS leased
                  FROM machines WHERE license_id = $1 AND id <> $2) others
            """)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid> { TypedValue = license.Id },
                new NpgsqlParameter<Guid> { TypedValue = machine.Id },
                new NpgsqlParameter<string> { TypedValue = machine.Fingerprint },
                new NpgsqlParameter<bool> { TypedValue = perUser },
                new NpgsqlParameter { Value = (object?)machine.OwnerId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid },
            },
        });
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return new LicenseMachines(reader.GetBoolean(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }

    /// <summary>
    /// The limits of §4.3 for a machine about to be saved (new or updated), over the license's other machines; every
    /// exceeded limit is reported, in this order.
    /// </summary>
    public static void CheckLimits(Machine machine, License license, LicenseMachines others, bool creating)
    {
        var policy = license.LoadedPolicy;
        if (policy.OverageStrategy == OverageStrategies.AlwaysAllowOverage)
        {
            return;
        }

        var errors = new ValidationErrors();
        var whose = policy.MachineLeasingStrategy == LeasingStrategies.PerUser ? "user" : "license";
        if (creating && MachineLimit(license) is { } limit && others.Count > 0)
        {
            var next = others.Leased + 1;
            if (next > limit && !LicenseValidator.OverageAllowed(policy.OverageStrategy, next, limit))
            {
                errors.Add("/data", "MACHINE_LIMIT_EXCEEDED", $"machine count has exceeded maximum allowed for {whose} ({limit})");
            }
        }

        CheckSum(ref errors, policy, others.Cores + (machine.Cores ?? 0), license.EffectiveMaxCores, "MACHINE_CORE_LIMIT_EXCEEDED",
            "machine core count has exceeded maximum allowed for license");
        CheckSum(ref errors, policy, others.Memory + (machine.Memory ?? 0), license.EffectiveMaxMemory, "MACHINE_MEMORY_LIMIT_EXCEEDED",
            "machine memory has exceeded maximum allowed for license");
        CheckSum(ref errors, policy, others.Disk + (machine.Disk ?? 0), license.EffectiveMaxDisk, "MACHINE_DISK_LIMIT_EXCEEDED",
            "machine disk has exceeded maximum allowed for license");
        errors.ThrowIfAny();
    }

    private static void CheckSum(ref ValidationErrors errors, Policy policy, long next, long? limit, string code, string detail)
    {
        if (limit is { } max && next > max && !LicenseValidator.OverageAllowed(policy.OverageStrategy, next, max))
        {
            errors.Add("/data", code, $"{detail} ({max})");
        }
    }
}

/// <summary>
/// A license's other machines as activation sees them under the license lock: whether one has the new fingerprint, how many
/// there are, and the count and sums of those leased (all of them, or the owner's under PER_USER leasing).
/// </summary>
public sealed record LicenseMachines(bool FingerprintTaken, int Count, int Leased, long Cores, long Memory, long Disk);
