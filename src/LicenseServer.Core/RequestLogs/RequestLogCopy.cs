using Npgsql;
using NpgsqlTypes;

namespace LicenseServer.Core.RequestLogs;

/// <summary>Writes request logs in one binary COPY, off the request path (the request log writer's batches).</summary>
public static class RequestLogCopy
{
    public static async Task WriteAsync(NpgsqlDataSource dataSource, IReadOnlyList<RequestLog> logs, CancellationToken ct)
    {
        if (logs.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var copy = await connection.BeginBinaryImportAsync("""
            COPY request_logs (id, account_id, created, updated, url, method, status, user_agent, ip, request_headers, request_body,
                response_headers, response_body, response_signature, requestor_type, requestor_id, resource_type, resource_id, duration_ms, environment_id)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var log in logs)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(log.Id, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(log.AccountId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(log.Created, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(log.Updated, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(log.Url, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(log.Method, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(log.Status, NpgsqlDbType.Integer, ct);
            await copy.WriteTextAsync(log.UserAgent, ct);
            await copy.WriteAsync(log.Ip, NpgsqlDbType.Text, ct);
            await copy.WriteTextAsync(log.RequestHeaders, ct);
            await copy.WriteTextAsync(log.RequestBody, ct);
            await copy.WriteTextAsync(log.ResponseHeaders, ct);
            await copy.WriteTextAsync(log.ResponseBody, ct);
            await copy.WriteTextAsync(log.ResponseSignature, ct);
            await copy.WriteTextAsync(log.RequestorType, ct);
            await copy.WriteUuidAsync(log.RequestorId, ct);
            await copy.WriteTextAsync(log.ResourceType, ct);
            await copy.WriteUuidAsync(log.ResourceId, ct);
            await copy.WriteAsync(log.DurationMs, NpgsqlDbType.Double, ct);
            await copy.WriteUuidAsync(log.EnvironmentId, ct);
        }

        await copy.CompleteAsync(ct);
    }

    /// <summary>The logs of <paramref name="logs"/> whose account still exists (an account deleted meanwhile takes its logs with it).</summary>
    public static async Task<List<RequestLog>> OfExistingAccountsAsync(NpgsqlDataSource dataSource, List<RequestLog> logs, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT id FROM accounts WHERE id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = logs.Select(l => l.AccountId).Distinct().ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        var existing = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            existing.Add(reader.GetGuid(0));
        }

        return logs.FindAll(l => existing.Contains(l.AccountId));
    }
}
