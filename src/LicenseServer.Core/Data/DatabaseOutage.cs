using System.Net.Sockets;
using Npgsql;

namespace LicenseServer.Core.Data;

/// <summary>
/// Tells a database outage (the server is down, restarting, refusing connections, or no pooled connection could be had in
/// time) from every other failure, looking through EF Core's wrappers (<c>DbUpdateException</c>, the execution strategy's
/// <c>InvalidOperationException</c>) to the Npgsql exception underneath. An outage is worth retrying later (HTTP 503);
/// anything else is a bug or bad data.
/// </summary>
public static class DatabaseOutage
{
    /// <summary>How deep to look through inner exceptions.</summary>
    private const int MaxDepth = 8;

    /// <summary>
    /// A one-line reason when <paramref name="error"/> is (or wraps) an outage, e.g.
    /// <c>Failed to connect to 127.0.0.1:5432 (Connection refused)</c> or <c>57P01: terminating connection due to administrator command</c>;
    /// null otherwise.
    /// </summary>
    public static string? Reason(Exception error)
    {
        var current = error;
        for (var depth = 0; current is not null && depth < MaxDepth; depth++)
        {
            switch (current)
            {
                case PostgresException postgres:
                    // A statement the server rejected is never an outage, whatever lies beneath.
                    return IsUnavailable(postgres.SqlState) ? $"{postgres.SqlState}: {postgres.MessageText}" : null;
                case NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException:
                    return npgsql.InnerException is { } inner && inner.Message != npgsql.Message
                        ? $"{npgsql.Message} ({inner.Message})"
                        : npgsql.Message;
                case NpgsqlException:
                    return null;
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    current = aggregate.InnerExceptions[0];
                    continue;
            }

            current = current.InnerException;
        }

        return null;
    }

    /// <summary>True when <paramref name="error"/> is (or wraps) an outage.</summary>
    public static bool Is(Exception error) => Reason(error) is not null;

    /// <summary>
    /// Class 08 (connection exceptions), admin or crash shutdown (57P01, 57P02), the server starting up or shutting down
    /// (57P03), and too many connections (53300).
    /// </summary>
    private static bool IsUnavailable(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections;
}
