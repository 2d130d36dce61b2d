using Npgsql;

namespace LicenseServer.Core.Environments;

/// <summary>
/// The environment filter of <see cref="LicenseServerDb"/>'s query filters, for the hand-written statements of the hot path
/// (license and token reads): the same rows are visible to both.
/// </summary>
public static class EnvironmentView
{
    /// <summary>The SQL condition on <paramref name="alias"/>.environment_id, with its three parameters numbered from <paramref name="first"/>.</summary>
    public static string Condition(string alias, int first) =>
        $"(${first} OR {alias}.environment_id = ${first + 1} OR (${first + 2} AND {alias}.environment_id IS NULL))";

    /// <summary>Adds the three parameters of <see cref="Condition"/> for what <paramref name="db"/> sees.</summary>
    public static void AddParameters(NpgsqlCommand command, LicenseServerDb db)
    {
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = !db.EnvironmentScoped });
        command.Parameters.Add(new NpgsqlParameter { Value = db.CurrentEnvironmentId is { } id ? id : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = db.IncludesGlobal });
    }
}
