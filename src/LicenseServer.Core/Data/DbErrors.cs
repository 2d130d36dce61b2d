using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Core.Data;

public static class DbErrors
{
    /// <summary>True when a save failed on a unique index (a race the earlier check could not see).</summary>
    public static bool IsUniqueViolation(DbUpdateException error) =>
        error.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation };
}
