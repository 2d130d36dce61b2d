using System.Text;
using LicenseServer.Core.Events;

namespace LicenseServer.Api.Events;

/// <summary>
/// Records an event with the resource serialized as its wire object, in the pending change. The payload is rendered when
/// the change is saved, after <see cref="LicenseServerDb"/> stamps <c>Created</c> and <c>Updated</c>, so it shows the
/// same times as the response and handlers never stamp by hand.
/// </summary>
public static class EventLog
{
    public static Event Record<T>(LicenseServerDb db, string name, T resource, Action<Utf8JsonWriter, T> write, Action<Utf8JsonWriter>? meta = null)
        where T : AccountEntity =>
        EventRecorder.Defer(db, resource.AccountId, name, TypeOf(name), resource.Id, _ => (Json(w => write(w, resource)), meta is null ? null : Json(w =>
        {
            w.WriteStartObject();
            meta(w);
            w.WriteEndObject();
        })));

    /// <summary>
    /// Records an attach/detach event on <paramref name="parent"/> whose payload <c>data</c> is the array of join resources,
    /// rendered when the change is saved.
    /// </summary>
    public static Event RecordMany<T>(LicenseServerDb db, string name, AccountEntity parent, List<T> rows, Action<Utf8JsonWriter, T> write) =>
        EventRecorder.Defer(db, parent.AccountId, name, TypeOf(name), parent.Id, _ => (Json(w =>
        {
            w.WriteStartArray();
            foreach (var row in rows)
            {
                write(w, row);
            }

            w.WriteEndArray();
        }), null));

    /// <summary>
    /// The tail of a write: marks a tracked <paramref name="resource"/> as updated (so <c>Updated</c> moves even when no
    /// attribute changed), records <paramref name="name"/> with the resource as saved, and saves the change.
    /// </summary>
    public static async Task CommitAsync<T>(LicenseServerDb db, string name, T resource, Action<Utf8JsonWriter, T> write, CancellationToken ct)
        where T : AccountEntity
    {
        Touch(db, resource);
        Record(db, name, resource, write);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The tail of a delete: removes <paramref name="resource"/>, records <paramref name="name"/> with it, and saves.</summary>
    public static async Task CommitRemovalAsync<T>(LicenseServerDb db, string name, T resource, Action<Utf8JsonWriter, T> write, CancellationToken ct)
        where T : AccountEntity
    {
        db.Remove(resource);
        Record(db, name, resource, write);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Marks a tracked, unchanged or modified resource as updated: saving stamps its <c>Updated</c> time.</summary>
    public static void Touch<T>(LicenseServerDb db, T resource)
        where T : AccountEntity
    {
        var entry = db.Entry(resource);
        if (entry.State is EntityState.Unchanged or EntityState.Modified)
        {
            entry.Property(e => e.Updated).IsModified = true;
        }
    }

    private static string TypeOf(string eventName)
    {
        if (eventName.StartsWith("account.settings.", StringComparison.Ordinal))
        {
            return "settings";
        }

        var dot = eventName.IndexOf('.');
        var noun = dot < 0 ? eventName : eventName[..dot];
        return noun switch
        {
            "policy" => "policies",
            "process" => "processes",
            "entitlement" => "entitlements",
            _ => noun + "s",
        };
    }

    /// <summary>A resource object as a JSON string: the payload of an event raised outside a request (a job).</summary>
    public static string Payload<T>(T resource, Action<Utf8JsonWriter, T> write) => Json(w => write(w, resource));

    /// <summary>What <paramref name="write"/> writes, as a JSON string (payloads and metas of events).</summary>
    public static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new PooledBufferWriter(2048);
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
