using System.Net.Sockets;
using LicenseServer.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LicenseServer.Tests.Operations;

/// <summary>Which failures are a database outage (503, try again) rather than a bug (500): <see cref="DatabaseOutage"/>.</summary>
public sealed class RecognizingDatabaseOutages
{
    public static TheoryData<string, Exception> Outages => new()
    {
        { "admin shutdown", Postgres("57P01") },
        { "crash shutdown", Postgres("57P02") },
        { "cannot connect now", Postgres("57P03") },
        { "connection failure", Postgres("08006") },
        { "connection refused by the server", Postgres("08004") },
        { "too many connections", Postgres("53300") },
        { "connection refused", new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)) },
        { "broken connection", new NpgsqlException("Exception while reading from stream", new IOException("Connection reset by peer")) },
        { "no pooled connection in time", new NpgsqlException("The connection pool has been exhausted", new TimeoutException()) },
        { "a save", new DbUpdateException("An error occurred while saving the entity changes.", Postgres("57P01")) },
        { "the execution strategy", new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
            new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))) },
        { "a task", new AggregateException(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.TimedOut))) },
    };

    public static TheoryData<string, Exception> Bugs => new()
    {
        { "unique violation", new DbUpdateException("An error occurred while saving the entity changes.", Postgres("23505")) },
        { "syntax error", Postgres("42601") },
        { "serialization failure", Postgres("40001") },
        { "a permanent client error", new NpgsqlException("Unknown message code") },
        { "a bug", new InvalidOperationException("Sequence contains no elements") },
        { "a null", new NullReferenceException() },
        { "a socket outside the database", new HttpRequestException("No connection", new SocketException((int)SocketError.ConnectionRefused)) },
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void A_lost_or_refused_database_connection_is_an_outage(string what, Exception error)
    {
        Assert.True(DatabaseOutage.Is(error), what);
        Assert.False(string.IsNullOrWhiteSpace(DatabaseOutage.Reason(error)));
    }

    [Theory]
    [MemberData(nameof(Bugs))]
    public void A_rejected_statement_or_a_bug_is_not_an_outage(string what, Exception error) =>
        Assert.False(DatabaseOutage.Is(error), what);

    [Fact]
    public void The_reason_names_the_cause_in_one_line()
    {
        Assert.Equal("57P01: terminating connection due to administrator command",
            DatabaseOutage.Reason(new DbUpdateException("save failed", Postgres("57P01", "terminating connection due to administrator command"))));
        Assert.Equal("Failed to connect to 127.0.0.1:5432 (Connection refused)",
            DatabaseOutage.Reason(new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused))));
    }

    private static PostgresException Postgres(string sqlState, string message = "the server says no") => new(message, "FATAL", "FATAL", sqlState);
}
