using Npgsql;

namespace LicenseServer.Core.Data;

/// <summary>
/// What the database says when two requests race past a check the code made first: the answer the request would
/// have had if it had come second (a unique index → the attribute's <c>_TAKEN</c>, a parent deleted meanwhile → its
/// <c>_NOT_FOUND</c> or 404), else 409 Conflict (resources.md §1.8). Never a 500 for a race.
/// </summary>
public static class DbErrors
{
    public const string ConflictDetail = "The request could not be completed because of a conflict";

    /// <summary>Unique indexes the sequential path checks first, with the error that check gives.</summary>
    private static readonly Dictionary<string, Func<DomainError>> UniqueIndexes = new()
    {
        ["ix_accounts_slug"] = () => Taken("/data/attributes/slug", "SLUG_TAKEN"),
        ["ix_users_account_id_email"] = () => Taken("/data/attributes/email", "EMAIL_TAKEN"),
        ["ix_products_account_id_code"] = () => Taken("/data/attributes/code", "CODE_TAKEN"),
        ["ix_products_account_id_lower_code"] = () => Taken("/data/attributes/code", "CODE_TAKEN"),
        ["ix_entitlements_account_id_code"] = () => Taken("/data/attributes/code", "CODE_TAKEN"),
        ["ix_entitlements_account_id_lower_code"] = () => Taken("/data/attributes/code", "CODE_TAKEN"),
        ["ix_keys_account_id_value_digest"] = () => Taken("/data/attributes/key", "KEY_TAKEN"),
        ["ix_licenses_account_id_key_digest"] = () => Taken("/data/attributes/key", "KEY_TAKEN"),
        ["ix_machines_license_id_fingerprint"] = () => Taken("/data/attributes/fingerprint", "FINGERPRINT_TAKEN"),
        ["ix_components_machine_id_fingerprint"] = () => Taken("/data/attributes/fingerprint", "FINGERPRINT_TAKEN"),
        ["ix_processes_machine_id_pid"] = () => Taken("/data/attributes/pid", "PID_TAKEN"),
        ["ix_license_users_license_id_user_id"] = () => DomainError.Invalid("/data/relationships/users", "USER_TAKEN", "already exists"),
        ["ix_group_owners_group_id_user_id"] = () => Taken("/data/relationships/user", "USER_TAKEN"),
        ["ix_license_entitlements_license_id_entitlement_id"] = () => DomainError.Invalid("/data/relationships/entitlement", "ENTITLEMENT_TAKEN", "already exists"),
        ["ix_policy_entitlements_policy_id_entitlement_id"] = () => DomainError.Invalid("/data/relationships/entitlement", "ENTITLEMENT_TAKEN", "already exists"),
        ["pk_licenses"] = () => DomainError.Invalid("/data/id", "ID_CONFLICT", "must not conflict with another license"),
        ["pk_machines"] = () => DomainError.Invalid("/data/id", "ID_CONFLICT", "must not conflict with another machine"),
        ["pk_processes"] = () => DomainError.Invalid("/data/id", "ID_CONFLICT", "must not conflict with another process"),
    };

    /// <summary>
    /// Foreign keys to a related resource named in the request body: its row was deleted between the check and the
    /// write, which is what the check reports (relationship pointer, "must exist"). Foreign keys not listed here point
    /// at the resource the route names (e.g. the license of <c>/licenses/{id}/users</c>) and answer 404.
    /// </summary>
    private static readonly Dictionary<string, (string Relationship, string Code)> RelatedForeignKeys = new()
    {
        ["fk_group_owners_users_user_id"] = ("user", "USER_NOT_FOUND"),
        ["fk_license_users_users_user_id"] = ("users", "USER_NOT_FOUND"),
        ["fk_license_entitlements_entitlements_entitlement_id"] = ("entitlement", "ENTITLEMENT_NOT_FOUND"),
        ["fk_policy_entitlements_entitlements_entitlement_id"] = ("entitlement", "ENTITLEMENT_NOT_FOUND"),
        ["fk_keys_policies_policy_id"] = ("policy", "POLICY_NOT_FOUND"),
        ["fk_licenses_policies_policy_id"] = ("policy", "POLICY_NOT_FOUND"),
        ["fk_licenses_products_product_id"] = ("policy", "POLICY_NOT_FOUND"),
        ["fk_licenses_users_owner_id"] = ("owner", "OWNER_NOT_FOUND"),
        ["fk_licenses_groups_group_id"] = ("group", "GROUP_NOT_FOUND"),
        ["fk_machines_licenses_license_id"] = ("license", "LICENSE_NOT_FOUND"),
        ["fk_machines_users_owner_id"] = ("owner", "OWNER_NOT_FOUND"),
        ["fk_machines_groups_group_id"] = ("group", "GROUP_NOT_FOUND"),
        ["fk_users_groups_group_id"] = ("group", "GROUP_NOT_FOUND"),
        ["fk_components_machines_machine_id"] = ("machine", "MACHINE_NOT_FOUND"),
        ["fk_processes_machines_machine_id"] = ("machine", "MACHINE_NOT_FOUND"),
        ["fk_policies_products_product_id"] = ("product", "PRODUCT_NOT_FOUND"),
        ["fk_webhook_endpoints_products_product_id"] = ("product", "PRODUCT_NOT_FOUND"),
    };

    /// <summary>Tables whose rows a route names, as a 404 calls them ("The requested license '…' was not found").</summary>
    private static readonly Dictionary<string, string> Models = new()
    {
        ["accounts"] = "account",
        ["groups"] = "group",
        ["licenses"] = "license",
        ["machines"] = "machine",
        ["policies"] = "policy",
        ["products"] = "product",
        ["users"] = "user",
        ["entitlements"] = "entitlement",
        ["keys"] = "key",
        ["tokens"] = "token",
        ["components"] = "component",
        ["processes"] = "process",
        ["webhook_endpoints"] = "webhook endpoint",
        ["webhook_events"] = "webhook event",
    };

    /// <summary>True when a save failed on a unique index (a race the earlier check could not see).</summary>
    public static bool IsUniqueViolation(DbUpdateException error) =>
        error.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>The PostgreSQL error under an exception: itself, or what EF Core wrapped.</summary>
    public static PostgresException? PostgresErrorOf(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres)
            {
                return postgres;
            }
        }

        return null;
    }

    /// <summary>
    /// True when a <c>FOR UPDATE NOWAIT</c> found the row locked by another transaction, however the error came up
    /// (from a raw query directly, or wrapped by EF Core).
    /// </summary>
    public static bool IsLockNotAvailable(Exception error) => PostgresErrorOf(error)?.SqlState == PostgresErrorCodes.LockNotAvailable;

    public static DomainError Conflict() => new(ErrorKind.Conflict, ConflictDetail);

    /// <summary>
    /// The client error a failed write amounts to when it lost a race, or null when it is no race (a real fault).
    /// <paramref name="route"/> gives the request's route values (<c>account</c>, <c>id</c>) for a 404 on the
    /// resource the route names.
    /// </summary>
    public static DomainError? Translate(Exception error, Func<string, string?> route)
    {
        if (error is DbUpdateConcurrencyException concurrency)
        {
            // An update or delete found no row: another request deleted it first.
            var table = concurrency.Entries.Select(e => e.Metadata.GetTableName()).FirstOrDefault(t => t is not null);
            return table is not null && Models.TryGetValue(table, out var model) ? DomainError.NotFound(model, route("id") ?? string.Empty) : Conflict();
        }

        if (PostgresErrorOf(error) is not { } postgres)
        {
            return null;
        }

        return postgres.SqlState switch
        {
            PostgresErrorCodes.UniqueViolation =>
                postgres.ConstraintName is { } name && UniqueIndexes.TryGetValue(name, out var taken) ? taken() : Conflict(),
            PostgresErrorCodes.ForeignKeyViolation => MissingParent(postgres, route),
            PostgresErrorCodes.CheckViolation => CheckFailed(postgres),
            PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable => Conflict(),
            _ => null,
        };
    }

    private static DomainError Taken(string pointer, string code) => DomainError.Invalid(pointer, code, "has already been taken");

    /// <summary>
    /// A row referenced a parent that is gone. Inserting or updating the child: the related resource (body) or the
    /// routed resource was deleted meanwhile. Deleting a parent a new child still points at (rare): a conflict.
    /// </summary>
    private static DomainError MissingParent(PostgresException postgres, Func<string, string?> route)
    {
        if (postgres.ConstraintName is { } name && RelatedForeignKeys.TryGetValue(name, out var related))
        {
            return DomainError.Invalid($"/data/relationships/{related.Relationship}", related.Code, "must exist");
        }

        // fk_<table>_<principal>_<column>: the principal is the routed resource (or the account). A webhook event for an
        // endpoint deleted meanwhile is none of the request's business: a conflict it may retry.
        var principal = postgres.ConstraintName is { } fk && postgres.TableName is { } table and not "webhook_events"
            && fk.StartsWith($"fk_{table}_", StringComparison.Ordinal)
            ? Models.Keys.FirstOrDefault(p => fk.AsSpan($"fk_{table}_".Length).StartsWith(p + "_", StringComparison.Ordinal))
            : null;
        return principal switch
        {
            "accounts" => DomainError.NotFound("account", route("account") ?? string.Empty),
            null => Conflict(),
            _ => DomainError.NotFound(Models[principal], route("id") ?? string.Empty),
        };
    }

    /// <summary>A CHECK constraint <c>ck_&lt;table&gt;_&lt;column&gt;_non_negative</c> (a counter or limit that went below 0).</summary>
    private static DomainError CheckFailed(PostgresException postgres)
    {
        const string suffix = "_non_negative";
        if (postgres.ConstraintName is { } name && postgres.TableName is { } table
            && name.StartsWith($"ck_{table}_", StringComparison.Ordinal) && name.EndsWith(suffix, StringComparison.Ordinal))
        {
            var column = name[$"ck_{table}_".Length..^suffix.Length];
            var attribute = string.Concat(column.Split('_').Select((part, i) => i == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
            return DomainError.Invalid($"/data/attributes/{attribute}", $"{column.ToUpperInvariant()}_INVALID", "must be greater than or equal to 0");
        }

        return Conflict();
    }
}
