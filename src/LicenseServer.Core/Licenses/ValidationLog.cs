using LicenseServer.Core.Events;
using LicenseServer.Core.Webhooks;
using Npgsql;
using NpgsqlTypes;

namespace LicenseServer.Core.Licenses;

/// <summary>
/// The side effects of validations (behaviour.md §1.7), written in batches off the request path, in one transaction a
/// batch: each license's <c>lastValidated</c> (the latest time of the batch), the <c>license.validation.*</c> events
/// (one binary COPY) and their webhook fan-out.
/// </summary>
public static class ValidationLog
{
    /// <summary>
    /// One validation: when it happened, and its event (none for a quick validation). The payload, the license document, is
    /// rendered by the writer when it writes the batch (<paramref name="Payload"/> must only read what it captured), so a
    /// queued validation holds a few objects rather than kilobytes of text. <paramref name="Origin"/> is the request that
    /// validated (the event log's whodunnit and request) and <paramref name="LogMetadata"/> the event log's metadata.
    /// </summary>
    public sealed record Entry(Guid AccountId, Guid LicenseId, DateTime At, string? EventName = null, Func<string>? Payload = null, string? Meta = null,
        EventOrigin? Origin = null, string? LogMetadata = null);

    /// <summary>
    /// Writes the touches and events in one transaction. A license row that another transaction holds is not waited for:
    /// its id comes back, for the caller to try again with a later batch (a deleted license does not come back).
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> WriteAsync(LicenseServerDb db, IReadOnlyDictionary<Guid, DateTime> touches,
        IReadOnlyList<Entry> events, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var skipped = touches.Count == 0 ? [] : await TouchAsync(connection, touches, ct);
            if (events.Count > 0)
            {
                var recorded = events.Select(ToEvent).ToList();
                await CopyAsync(connection, recorded, ct);
                await WebhookFanOut.AddForAsync(db, recorded, ct);
                if (db.ChangeTracker.HasChanges())
                {
                    await db.SaveChangesAsync(ct);
                }
            }

            await transaction.CommitAsync(ct);
            return skipped;
        }
        finally
        {
            db.ChangeTracker.Clear();
            await db.Database.CloseConnectionAsync();
        }
    }

    private static Event ToEvent(Entry entry)
    {
        var recorded = new Event
        {
            AccountId = entry.AccountId,
            Name = entry.EventName!,
            ResourceType = "licenses",
            ResourceId = entry.LicenseId,
            Payload = entry.Payload!(),
            Meta = entry.Meta,
            LogMetadata = entry.LogMetadata,
            LogResourceType = "licenses",
            LogResourceId = entry.LicenseId,
            Created = entry.At,
            Updated = entry.At,
        };
        entry.Origin?.Stamp(recorded);
        return recorded;
    }

    /// <summary>Sets lastValidated to the later of its value and the batch's, on the rows that are free now (in id order).</summary>
    private static async Task<IReadOnlyList<Guid>> TouchAsync(NpgsqlConnection connection, IReadOnlyDictionary<Guid, DateTime> touches,
        CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            WITH wanted AS (SELECT * FROM unnest($1::uuid[], $2::timestamptz[]) AS w(id, at)),
            free AS (SELECT l.id FROM licenses l WHERE l.id = ANY($1) ORDER BY l.id FOR UPDATE SKIP LOCKED),
            touched AS (
                UPDATE licenses l SET last_validated = GREATEST(l.last_validated, w.at)
                FROM wanted w WHERE l.id = w.id AND l.id IN (SELECT id FROM free)
                RETURNING l.id)
            SELECT w.id FROM wanted w
            WHERE w.id NOT IN (SELECT id FROM touched) AND EXISTS (SELECT 1 FROM licenses l WHERE l.id = w.id)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = touches.Keys.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = touches.Values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        var skipped = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            skipped.Add(reader.GetGuid(0));
        }

        return skipped;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, List<Event> events, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            """
            COPY events (id, account_id, created, updated, name, resource_type, resource_id, payload, meta, log_metadata, whodunnit_type,
                whodunnit_id, request_id, log_resource_type, log_resource_id, environment_id) FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var e in events)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(e.Id, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(e.AccountId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(e.Created, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(e.Updated, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(e.Name, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(e.ResourceType, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(e.ResourceId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(e.Payload, NpgsqlDbType.Text, ct);
            await copy.WriteTextAsync(e.Meta, ct);
            await copy.WriteTextAsync(e.LogMetadata, ct);
            await copy.WriteTextAsync(e.WhodunnitType, ct);
            await copy.WriteUuidAsync(e.WhodunnitId, ct);
            await copy.WriteUuidAsync(e.RequestId, ct);
            await copy.WriteTextAsync(e.LogResourceType, ct);
            await copy.WriteUuidAsync(e.LogResourceId, ct);
            await copy.WriteUuidAsync(e.EnvironmentId, ct);
        }

        await copy.CompleteAsync(ct);
    }
}
